/**
 * Escalation and snooze timers.
 *
 * Jobs consumed, on the `timers` queue (delayed jobs scheduled by src/incidents/timers.ts):
 *  - `timer.escalate` {incidentId, level}, id `esc.<incident>.<level>`: scheduled when an
 *    incident opens and after each escalation, removed on acknowledge and resolve.
 *  - `timer.snooze-expire` {incidentId, until}, id `snooze.<incident>`: wakes a snoozed incident.
 *
 * Steps (escalate): re-check the incident atomically (still unacknowledged, still at level-1;
 * a stale timer changes nothing), raise its level, audit, sync the card, post the timeline
 * entry in the incident's thread ("Escalated to level 2 · on-call group paged" or "· nobody
 * paged"), and, only when an on-call group is paged, one channel-level escalation post that
 * mentions it. The next level is scheduled (until `escalation.levels`) only while someone is
 * being paged: raising levels five minutes apart with nobody to notify is noise. A GuardDuty
 * sample finding set apart (`alerts.sampleFindings: channel`) is never escalated.
 * Steps (snooze expiry): if the snooze has run out, back to triggered (or acknowledged), sync
 * the card and, when unacknowledged, restart the escalation clock.
 *
 * Posts to Slack (through the outbox): the escalation post and a timeline entry; card syncs.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { announceChange, escalationGroupOf, postEscalation } from '../src/incidents/announce.js';
import type { IncidentDeps } from '../src/incidents/deps.js';
import { isSetApartSample, type SampleFindingsDeps } from '../src/incidents/sample-findings.js';
import { scheduleNextEscalation } from '../src/incidents/timers.js';
import * as t from '../src/incidents/transitions.js';
import type { AppContext } from '../src/platform/context.js';
import { ConflictError, NotFoundError } from '../src/platform/errors.js';
import { JobName, QueueName } from '../src/platform/queue/names.js';
import type { Workflow } from '../src/platform/queue/processors.js';

/** The incident deps, plus `alerts.sampleFindings` (default: samples set apart, never escalated). */
export type EscalationDeps = IncidentDeps & SampleFindingsDeps;

const escalateData = z.object({ incidentId: z.string().min(1), level: z.number().int().min(1) });
const snoozeData = z.object({ incidentId: z.string().min(1), until: z.string() });

function parse<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success)
    throw new UnrecoverableError(
      `Invalid ${what} job: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

/** A timer whose incident moved on is not an error: it just has nothing to do. */
function stale(error: unknown): boolean {
  return error instanceof ConflictError || error instanceof NotFoundError;
}

export async function handleEscalateJob(
  job: Pick<Job, 'data'>,
  ctx: AppContext,
  deps: EscalationDeps,
): Promise<string> {
  const { incidentId, level } = parse(escalateData, job.data, JobName.Escalate);
  const { engine } = deps;
  const current = await engine.get(incidentId);
  if (current && isSetApartSample(current, deps)) return 'sample';
  const result = await engine
    .transition(incidentId, t.escalate({ expectLevel: level - 1, onlyUnacknowledged: true }), ctx.now())
    .catch((error: unknown) => {
      if (stale(error)) return undefined;
      throw error;
    });
  if (!result) {
    ctx.logger.debug({ incidentId, level }, 'escalation timer is stale; nothing to do');
    return 'stale';
  }
  const paged = escalationGroupOf(ctx, deps, result.after) === undefined ? 'nobody' : 'on-call';
  await announceChange(ctx, deps, {
    ...result,
    who: 'watchkeeper',
    action: 'escalate.auto',
    timeline: { kind: 'escalated', level: result.after.escalationLevel, paged },
  });
  if ((await postEscalation(ctx, deps, result.after)) === 'nobody') return 'escalated-nobody-paged';
  await scheduleNextEscalation(ctx.queues.timers, result.after, deps.escalation);
  return 'escalated';
}

export async function handleSnoozeExpireJob(
  job: Pick<Job, 'data'>,
  ctx: AppContext,
  deps: EscalationDeps,
): Promise<string> {
  const { incidentId } = parse(snoozeData, job.data, JobName.SnoozeExpire);
  const { engine } = deps;
  const result = await engine
    .transition(incidentId, t.unsnooze({ dueBy: ctx.now() }), ctx.now())
    .catch((error: unknown) => {
      if (stale(error)) return undefined;
      throw error;
    });
  if (!result) return 'stale';
  await announceChange(ctx, deps, {
    ...result,
    who: 'watchkeeper',
    action: 'snooze.expired',
  });
  if (result.after.status === 'triggered' && !isSetApartSample(result.after, deps))
    await scheduleNextEscalation(ctx.queues.timers, result.after, deps.escalation);
  return 'woke';
}

export function escalationWorkflow(deps: EscalationDeps): Workflow {
  return {
    name: 'escalation',
    processors: [
      {
        queue: QueueName.Timers,
        job: JobName.Escalate,
        handle: (job, ctx) => handleEscalateJob(job, ctx, deps),
      },
      {
        queue: QueueName.Timers,
        job: JobName.SnoozeExpire,
        handle: (job, ctx) => handleSnoozeExpireJob(job, ctx, deps),
      },
    ],
  };
}
