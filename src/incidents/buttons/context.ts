import type { BlockAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { AuditLog } from '../../platform/audit/audit.js';
import type { AppContext } from '../../platform/context.js';
import { ConflictError, NotFoundError, PermissionError, toUserMessage } from '../../platform/errors.js';
import { createRoleChecker, type Role, type RoleChecker } from '../../platform/roles.js';
import type { Outbox } from '../../slack/outbox/outbox.js';
import { announceChange, cardChannelOf } from '../announce.js';
import type { TimelineEvent } from '../card/index.js';
import { auditLogFor, type IncidentDeps, incidentEngineFor } from '../deps.js';
import type { IncidentEngine, TransitionResult } from '../engine.js';
import type { Transition } from '../transitions.js';

/**
 * The machinery every incident action shares: who clicked, the role check, the atomic
 * transition, and what follows it (audit, card sync, timeline). A refusal or a lost race is
 * answered with an ephemeral message to the clicker and changes nothing.
 */

export type ActionDeps = IncidentDeps;

export interface ActionContext {
  readonly ctx: AppContext;
  readonly deps: ActionDeps;
  readonly engine: IncidentEngine;
  readonly audit: AuditLog;
  readonly outbox: Outbox;
  readonly roles: RoleChecker;
}

const roleCheckers = new WeakMap<AppContext, RoleChecker>();

export function actionContext(ctx: AppContext, deps: ActionDeps): ActionContext {
  let roles = roleCheckers.get(ctx);
  if (!roles) {
    roles = createRoleChecker({
      roles: ctx.config.roles,
      slack: ctx.slack,
      now: ctx.now,
      logger: ctx.logger,
    });
    roleCheckers.set(ctx, roles);
  }
  return {
    ctx,
    deps,
    engine: incidentEngineFor(ctx, deps),
    audit: auditLogFor(ctx),
    outbox: deps.outbox(ctx),
    roles,
  };
}

export interface Clicker {
  readonly userId: string;
  readonly name: string;
  /** Where to answer with an ephemeral message. */
  readonly channel: string | undefined;
}

export function clickerOf(body: BlockAction): Clicker {
  return {
    userId: body.user.id,
    name: body.user.name ?? body.user.username ?? body.user.id,
    channel: body.channel?.id,
  };
}

/** An answer only the clicker sees; in no channel (a modal) it goes to the card's channel. */
export async function tellUser(
  ac: ActionContext,
  client: WebClient,
  who: Clicker,
  text: string,
  incidentId?: string,
): Promise<void> {
  let channel = who.channel;
  if (!channel && incidentId) {
    const incident = await ac.engine.get(incidentId);
    if (incident) channel = cardChannelOf(ac.ctx, ac.deps, incident).channel;
  }
  if (!channel) return;
  await client.chat
    .postEphemeral({ channel, user: who.userId, text })
    .catch((err: unknown) => ac.ctx.logger.warn({ err }, 'could not post an ephemeral answer'));
}

/** Role check with the refusal answered and audited; true when the clicker may go on. */
export async function allowed(
  ac: ActionContext,
  client: WebClient,
  who: Clicker,
  role: Role,
  action: string,
  incidentId: string,
): Promise<boolean> {
  try {
    await ac.roles.requireRole(who.userId, role, action);
    return true;
  } catch (error) {
    if (!(error instanceof PermissionError)) throw error;
    await ac.audit.record({
      who: who.userId,
      action: `refused.${action}`,
      incidentId,
      at: ac.ctx.now(),
      detail: role,
    });
    await tellUser(ac, client, who, toUserMessage(error), incidentId);
    return false;
  }
}

export interface ActInput {
  readonly incidentId: string;
  readonly who: Clicker;
  readonly role: Role;
  /** Audit name and the verb of a refusal (`acknowledge this incident`). */
  readonly action: string;
  readonly change: Transition;
  readonly timeline?: (result: TransitionResult) => TimelineEvent | undefined;
}

/** Role check, transition, audit, card sync, timeline. Undefined when refused or lost. */
export async function act(
  ac: ActionContext,
  client: WebClient,
  input: ActInput,
): Promise<TransitionResult | undefined> {
  if (!(await allowed(ac, client, input.who, input.role, input.action, input.incidentId))) return undefined;
  let result: TransitionResult;
  try {
    result = await ac.engine.transition(input.incidentId, input.change, ac.ctx.now());
  } catch (error) {
    if (!(error instanceof ConflictError || error instanceof NotFoundError)) throw error;
    await tellUser(ac, client, input.who, toUserMessage(error), input.incidentId);
    return undefined;
  }
  const timeline = input.timeline?.(result);
  await announceChange(ac.ctx, ac.deps, ac.outbox, ac.audit, {
    ...result,
    who: input.who.userId,
    actorName: input.who.name,
    action: input.action,
    ...(timeline ? { timeline } : {}),
  });
  return result;
}
