import type { Queue } from 'bullmq';
import type { EscalationConfig } from '../platform/config/incidents.js';
import { JobName, jobId } from '../platform/queue/names.js';
import type { Incident } from './incident.js';

/**
 * Escalation and snooze-expiry timers: BullMQ delayed jobs on the `timers` queue with ids from
 * the incident and level, removed when they stop mattering. Their processors re-check the
 * incident anyway, so a timer that could not be removed is harmless.
 */

export interface EscalateJobData {
  readonly incidentId: string;
  /** The level this timer escalates to. */
  readonly level: number;
}

export interface SnoozeExpireJobData {
  readonly incidentId: string;
  readonly until: string;
}

export function escalationJobId(incidentId: string, level: number): string {
  return jobId('esc', incidentId, level);
}

export function snoozeJobId(incidentId: string): string {
  return jobId('snooze', incidentId);
}

/** Minutes before the next automatic escalation, or undefined when there is none. */
export function escalationDelayMs(incident: Incident, config: EscalationConfig): number | undefined {
  const minutes = config.timeoutsMinutes[incident.severityLabel];
  if (minutes === null || incident.escalationLevel >= config.levels) return undefined;
  return minutes * 60_000;
}

// A finished job with the same id would make BullMQ ignore the new one (a reopened incident
// escalates through the same levels again), so any old one goes first.
async function replace(queue: Queue, name: string, id: string, data: object, delay: number): Promise<void> {
  await queue.remove(id).catch(() => 0);
  await queue.add(name, data, { jobId: id, delay: Math.max(0, Math.round(delay)) });
}

/** Schedules the escalation to the incident's next level, if its severity escalates at all. */
export async function scheduleNextEscalation(
  queue: Queue,
  incident: Incident,
  config: EscalationConfig,
): Promise<boolean> {
  const delay = escalationDelayMs(incident, config);
  if (delay === undefined) return false;
  const level = incident.escalationLevel + 1;
  const data: EscalateJobData = { incidentId: incident.id, level };
  await replace(queue, JobName.Escalate, escalationJobId(incident.id, level), data, delay);
  return true;
}

/** Removes the pending escalation of an incident (on acknowledge or resolve). */
export async function cancelEscalation(queue: Queue, incident: Incident): Promise<void> {
  await queue.remove(escalationJobId(incident.id, incident.escalationLevel + 1)).catch(() => 0);
}

export async function scheduleSnoozeExpiry(queue: Queue, incident: Incident, now: Date): Promise<void> {
  if (!incident.snoozedUntil) return;
  const data: SnoozeExpireJobData = { incidentId: incident.id, until: incident.snoozedUntil };
  await replace(
    queue,
    JobName.SnoozeExpire,
    snoozeJobId(incident.id),
    data,
    Date.parse(incident.snoozedUntil) - now.getTime(),
  );
}

export async function cancelSnoozeExpiry(queue: Queue, incidentId: string): Promise<void> {
  await queue.remove(snoozeJobId(incidentId)).catch(() => 0);
}
