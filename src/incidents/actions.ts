import type { AppContext } from '../platform/context.js';
import { ConflictError, NotFoundError, PermissionError } from '../platform/errors.js';
import type { Role } from '../platform/roles.js';
import { announceChange, postEscalation } from './announce.js';
import type { TimelineEvent } from './card/index.js';
import type { IncidentDeps } from './deps.js';
import type { TransitionResult } from './engine.js';
import {
  cancelEscalation,
  cancelSnoozeExpiry,
  scheduleNextEscalation,
  scheduleSnoozeExpiry,
} from './timers.js';
import * as t from './transitions.js';

/**
 * Each responder action written once: role check (a refusal is audited), the atomic transition,
 * what follows every change (audit, card sync, timeline) and the timers it starts or stops. The
 * card's buttons and `/incidents` both call these; they only read their input and answer.
 */

export interface Actor {
  readonly userId: string;
  /** Plain display name for the timeline (never a mention). */
  readonly name: string;
}

/** A refusal, a lost race or a vanished incident: nothing changed, and the error says why. */
export type ActionOutcome =
  | { readonly ok: true; readonly result: TransitionResult }
  | { readonly ok: false; readonly error: PermissionError | ConflictError | NotFoundError };

export interface ActionRequest {
  readonly incidentId: string;
  readonly actor: Actor;
  readonly role: Role;
  /** Audit name and the verb of a refusal (`acknowledge`). */
  readonly action: string;
  readonly change: t.Transition;
  readonly timeline?: (result: TransitionResult) => TimelineEvent | undefined;
}

type Deps = Pick<IncidentDeps, 'engine' | 'outbox' | 'routing' | 'incidents' | 'escalation'>;

/** What a refusal is about besides its incident, and how the refusal names it to the user. */
export interface RefusalOptions {
  /** The verb of the refusal's message (`export access-review reports`); default: the action. */
  readonly verb?: string;
  /** What was asked for, kept in the audit detail after the role (`<campaign> <principal ARN>`). */
  readonly subject?: string;
}

/**
 * How a refusal names each audited action to a person: "You can't tick runbook steps", never
 * "You can't step.check". An action missing here is still shown as words (dots and dashes become
 * spaces), so a new action can never put its audit name in front of a user.
 */
const ACTION_PHRASES: Readonly<Record<string, string>> = {
  acknowledge: 'acknowledge incidents',
  resolve: 'resolve incidents',
  snooze: 'snooze incidents',
  escalate: 'escalate incidents',
  assign: 'assign incidents',
  'step.check': 'tick runbook steps',
  mute: 'mute similar alerts',
  'access-review.keep': 'keep access in an access review',
  'access-review.revoke': 'revoke access in an access review',
  'access-review.reassign': 'reassign an access-review item',
  'access-review.remediate': 'change IAM from an access review',
  'access-review.export': 'export access-review reports',
  'access-review.campaign.start': 'start an access-review campaign',
  'access-review.campaign.close': 'close an access-review campaign',
};

export function actionPhrase(action: string): string {
  return ACTION_PHRASES[action] ?? action.replace(/[._-]+/g, ' ').trim();
}

/** Ids and subjects can come from a click or a modal: the audit keeps a bounded prefix of them. */
const AUDIT_TEXT_MAX = 200;

function bounded(text: string): string {
  return text.length <= AUDIT_TEXT_MAX ? text : `${text.slice(0, AUDIT_TEXT_MAX)}…`;
}

/**
 * Role check with the refusal audited (`refused.<action>`, who, when, the role it needs and what
 * it was about); the PermissionError when the actor may not go on. Incident actions pass their
 * incident; other features (access reviews, exports) pass none and say what in `subject`.
 */
export async function refusal(
  ctx: AppContext,
  who: string,
  role: Role,
  action: string,
  incidentId?: string,
  options: RefusalOptions = {},
): Promise<PermissionError | undefined> {
  try {
    await ctx.roles.requireRole(who, role, options.verb ?? actionPhrase(action));
    return undefined;
  } catch (error) {
    if (!(error instanceof PermissionError)) throw error;
    await ctx.audit.record({
      who,
      action: `refused.${action}`,
      ...(incidentId ? { incidentId: bounded(incidentId) } : {}),
      at: ctx.now(),
      detail: options.subject ? `${role}; ${bounded(options.subject)}` : role,
    });
    return error;
  }
}

/** Role check, transition, audit, card sync, timeline: the steps every action shares. */
export async function performAction(
  ctx: AppContext,
  deps: Deps,
  request: ActionRequest,
): Promise<ActionOutcome> {
  const refused = await refusal(ctx, request.actor.userId, request.role, request.action, request.incidentId);
  if (refused) return { ok: false, error: refused };
  let result: TransitionResult;
  try {
    result = await deps.engine.transition(request.incidentId, request.change, ctx.now());
  } catch (error) {
    if (error instanceof ConflictError || error instanceof NotFoundError) return { ok: false, error };
    throw error;
  }
  const timeline = request.timeline?.(result);
  await announceChange(ctx, deps, {
    ...result,
    who: request.actor.userId,
    actorName: request.actor.name,
    action: request.action,
    ...(timeline ? { timeline } : {}),
  });
  return { ok: true, result };
}

/** Once someone has it (or it is over), neither the escalation clock nor a snooze may wake it. */
async function stopTimers(ctx: AppContext, result: TransitionResult): Promise<void> {
  await cancelEscalation(ctx.queues.timers, result.before);
  await cancelSnoozeExpiry(ctx.queues.timers, result.after.id);
}

/** Acknowledge: stops the escalation clock and any snooze. */
export async function acknowledgeIncident(
  ctx: AppContext,
  deps: Deps,
  incidentId: string,
  actor: Actor,
): Promise<ActionOutcome> {
  const outcome = await performAction(ctx, deps, {
    incidentId,
    actor,
    role: 'responder',
    action: 'acknowledge',
    change: t.acknowledge({ userId: actor.userId, at: ctx.now() }),
    timeline: () => ({ kind: 'acknowledged' }),
  });
  if (outcome.ok) await stopTimers(ctx, outcome.result);
  return outcome;
}

/** Resolve with what was done and why it happened; stops every timer of the incident. */
export async function resolveIncident(
  ctx: AppContext,
  deps: Deps,
  incidentId: string,
  actor: Actor,
  resolution: t.Resolution,
): Promise<ActionOutcome> {
  const outcome = await performAction(ctx, deps, {
    incidentId,
    actor,
    role: 'responder',
    action: 'resolve',
    change: t.resolve({ userId: actor.userId, at: ctx.now() }, resolution),
    timeline: () => ({ kind: 'resolved', rootCause: resolution.rootCause, summary: resolution.summary }),
  });
  if (outcome.ok) await stopTimers(ctx, outcome.result);
  return outcome;
}

/** Snooze: no escalation until the time is up; a timer wakes the incident then. */
export async function snoozeIncident(
  ctx: AppContext,
  deps: Deps,
  incidentId: string,
  actor: Actor,
  minutes: number,
): Promise<ActionOutcome> {
  const until = new Date(ctx.now().getTime() + minutes * 60_000);
  const outcome = await performAction(ctx, deps, {
    incidentId,
    actor,
    role: 'responder',
    action: 'snooze',
    change: t.snooze(until),
    timeline: () => ({ kind: 'snoozed', until: until.toISOString() }),
  });
  if (outcome.ok) {
    await cancelEscalation(ctx.queues.timers, outcome.result.before);
    await scheduleSnoozeExpiry(ctx.queues.timers, outcome.result.after, ctx.now());
  }
  return outcome;
}

/** Escalate now: the escalation post pages; the clock restarts at the new level while unacknowledged. */
export async function escalateIncident(
  ctx: AppContext,
  deps: Deps,
  incidentId: string,
  actor: Actor,
): Promise<ActionOutcome> {
  const outcome = await performAction(ctx, deps, {
    incidentId,
    actor,
    role: 'responder',
    action: 'escalate',
    change: t.escalate(),
    timeline: (r) => ({ kind: 'escalated', level: r.after.escalationLevel }),
  });
  if (outcome.ok) {
    const { before, after } = outcome.result;
    await postEscalation(ctx, deps, after);
    await cancelEscalation(ctx.queues.timers, before);
    if (after.status === 'triggered') await scheduleNextEscalation(ctx.queues.timers, after, deps.escalation);
  }
  return outcome;
}

/** Assign to a person; `assigneeName` is the plain name the timeline shows. */
export async function assignIncident(
  ctx: AppContext,
  deps: Deps,
  incidentId: string,
  actor: Actor,
  assignee: { readonly userId: string; readonly name: string },
): Promise<ActionOutcome> {
  return performAction(ctx, deps, {
    incidentId,
    actor,
    role: 'responder',
    action: 'assign',
    change: t.assign(assignee.userId),
    timeline: () => ({ kind: 'assigned', assigneeName: assignee.name }),
  });
}
