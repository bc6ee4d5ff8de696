import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { acknowledgeIncident } from '../actions.js';
import { INCIDENT_ACTION_IDS } from '../card/ids.js';
import { type ActionContext, actorOf, answer, clickerOf } from './context.js';

/** Acknowledge (card or escalation post): stops the escalation clock. The race loser is told who won. */
export function bindAcknowledge(app: App, ac: ActionContext): void {
  app.action<BlockAction<ButtonAction>>(
    INCIDENT_ACTION_IDS.acknowledge,
    async ({ ack, body, action, client }) => {
      await ack();
      const who = clickerOf(body);
      const incidentId = action.value ?? '';
      await answer(
        ac,
        client,
        who,
        incidentId,
        await acknowledgeIncident(ac.ctx, ac.deps, incidentId, actorOf(who)),
      );
    },
  );
}
