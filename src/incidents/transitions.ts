import { ConflictError } from '../platform/errors.js';
import { AlreadyAcknowledgedError, IncidentResolvedError } from './errors.js';
import type { Incident } from './incident.js';

/**
 * Responder transitions as pure functions: the incident as stored -> the incident to store.
 * They throw a ConflictError when the change no longer makes sense (someone got there first).
 * The engine runs them inside an atomic read-compute-commit loop and bumps `version`.
 */

export interface Actor {
  /** Slack user id, or `watchkeeper` for automatic changes. */
  readonly userId: string;
  readonly at: Date;
}

export type Transition = (incident: Incident) => Incident;

function requireOpen(incident: Incident): void {
  if (incident.status === 'resolved')
    throw new IncidentResolvedError(incident.id, incident.resolvedBy, incident.resolvedAt);
}

function withoutSnooze(incident: Incident): Incident {
  const { snoozedUntil: _s, ...rest } = incident;
  return rest;
}

export function acknowledge(actor: Actor): Transition {
  return (incident) => {
    requireOpen(incident);
    if (incident.acknowledgedBy !== undefined && incident.acknowledgedAt !== undefined)
      throw new AlreadyAcknowledgedError(incident.id, incident.acknowledgedBy, incident.acknowledgedAt);
    return {
      ...withoutSnooze(incident),
      status: 'acknowledged',
      acknowledgedBy: actor.userId,
      acknowledgedAt: actor.at.toISOString(),
    };
  };
}

export function assign(assignee: string): Transition {
  return (incident) => {
    requireOpen(incident);
    if (incident.assignee === assignee)
      throw new ConflictError(`${incident.id} is already assigned to <@${assignee}>`);
    return { ...incident, assignee };
  };
}

/** `expectLevel`: automatic escalations name the level they escalate from, so a stale timer changes nothing. */
export function escalate(options: { expectLevel?: number; onlyUnacknowledged?: boolean } = {}): Transition {
  return (incident) => {
    requireOpen(incident);
    if (options.expectLevel !== undefined && incident.escalationLevel !== options.expectLevel)
      throw new ConflictError(`${incident.id} is already at escalation level ${incident.escalationLevel}`);
    if (options.onlyUnacknowledged && incident.status !== 'triggered')
      throw new ConflictError(`${incident.id} is ${incident.status}; it is not escalated automatically`);
    return { ...incident, escalationLevel: incident.escalationLevel + 1 };
  };
}

export function snooze(until: Date): Transition {
  return (incident) => {
    requireOpen(incident);
    return { ...incident, status: 'snoozed', snoozedUntil: until.toISOString() };
  };
}

/** `dueBy`: the snooze-expiry timer only wakes snoozes that have run out by then. */
export function unsnooze(options: { dueBy?: Date } = {}): Transition {
  return (incident) => {
    if (incident.status !== 'snoozed') throw new ConflictError(`${incident.id} is not snoozed`);
    const until = incident.snoozedUntil ? Date.parse(incident.snoozedUntil) : 0;
    if (options.dueBy && until > options.dueBy.getTime())
      throw new ConflictError(`${incident.id} is snoozed until ${incident.snoozedUntil}`);
    return {
      ...withoutSnooze(incident),
      status: incident.acknowledgedAt === undefined ? 'triggered' : 'acknowledged',
    };
  };
}

export interface Resolution {
  readonly summary: string;
  readonly rootCause: string;
  readonly notes?: string;
}

export function resolve(actor: Actor, resolution: Resolution): Transition {
  return (incident) => {
    requireOpen(incident);
    return {
      ...withoutSnooze(incident),
      status: 'resolved',
      resolvedAt: actor.at.toISOString(),
      resolvedBy: actor.userId,
      resolution: {
        summary: resolution.summary,
        rootCause: resolution.rootCause,
        ...(resolution.notes ? { notes: resolution.notes } : {}),
      },
    };
  };
}

export function tickStep(actor: Actor, step: number): Transition {
  return (incident) => {
    requireOpen(incident);
    const key = String(step);
    if (incident.runbookSteps[key])
      throw new ConflictError(`step ${step + 1} of ${incident.id} is already done`);
    return {
      ...incident,
      runbookSteps: {
        ...incident.runbookSteps,
        [key]: { checkedBy: actor.userId, checkedAt: actor.at.toISOString() },
      },
    };
  };
}

export function untickStep(step: number): Transition {
  return (incident) => {
    requireOpen(incident);
    const key = String(step);
    if (!incident.runbookSteps[key])
      throw new ConflictError(`step ${step + 1} of ${incident.id} is not done`);
    const { [key]: _gone, ...rest } = incident.runbookSteps;
    return { ...incident, runbookSteps: rest };
  };
}
