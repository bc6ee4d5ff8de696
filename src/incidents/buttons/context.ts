import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { AppContext } from '../../platform/context.js';
import { toUserMessage } from '../../platform/errors.js';
import type { Role } from '../../platform/roles.js';
import {
  type ActionOutcome,
  type ActionRequest,
  type Actor,
  performAction,
  type RefusalOptions,
  refusal,
} from '../actions.js';
import { cardChannelOf } from '../announce.js';
import type { IncidentDeps } from '../deps.js';
import type { IncidentEngine, TransitionResult } from '../engine.js';

/**
 * What every card button shares: who clicked, and the answer only the clicker sees when nothing
 * changed (a refusal, a lost race). The actions themselves are written once in ../actions.ts.
 */

export type ActionDeps = IncidentDeps;

export interface ActionContext {
  readonly ctx: AppContext;
  readonly deps: ActionDeps;
  readonly engine: IncidentEngine;
}

export function actionContext(ctx: AppContext, deps: ActionDeps): ActionContext {
  return { ctx, deps, engine: deps.engine };
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

/** Role check with the refusal answered (and audited); true when the clicker may go on. */
export async function allowed(
  ac: ActionContext,
  client: WebClient,
  who: Clicker,
  role: Role,
  action: string,
  incidentId: string,
  options: RefusalOptions = {},
): Promise<boolean> {
  const refused = await refusal(ac.ctx, who.userId, role, action, incidentId, options);
  if (refused) await tellUser(ac, client, who, toUserMessage(refused), incidentId);
  return !refused;
}

/** Tells the clicker why nothing changed (refused, lost race, gone); the result when it did. */
export async function answer(
  ac: ActionContext,
  client: WebClient,
  who: Clicker,
  incidentId: string,
  outcome: ActionOutcome,
): Promise<TransitionResult | undefined> {
  if (outcome.ok) return outcome.result;
  // A refusal was audited where it was decided; every failure is answered here, to the clicker only.
  await tellUser(ac, client, who, toUserMessage(outcome.error), incidentId);
  return undefined;
}

/** The clicker as the actor of an incident action. */
export function actorOf(who: Clicker): Actor {
  return { userId: who.userId, name: who.name };
}

export interface ActInput extends Omit<ActionRequest, 'actor'> {
  readonly who: Clicker;
}

/** A generic action (runbook steps): performed once, answered to the clicker when nothing changed. */
export async function act(
  ac: ActionContext,
  client: WebClient,
  input: ActInput,
): Promise<TransitionResult | undefined> {
  const { who, ...request } = input;
  const outcome = await performAction(ac.ctx, ac.deps, { ...request, actor: actorOf(who) });
  return answer(ac, client, who, input.incidentId, outcome);
}

/** A button whose value is the incident id and whose click is one action (Acknowledge, Escalate). */
export function bindIncidentButton(
  app: App,
  ac: ActionContext,
  actionId: string,
  perform: (ctx: AppContext, deps: ActionDeps, incidentId: string, actor: Actor) => Promise<ActionOutcome>,
): void {
  app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client }) => {
    await ack();
    const who = clickerOf(body);
    const incidentId = action.value ?? '';
    await answer(ac, client, who, incidentId, await perform(ac.ctx, ac.deps, incidentId, actorOf(who)));
  });
}
