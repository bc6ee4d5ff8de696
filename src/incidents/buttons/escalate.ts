import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { escalateIncident } from '../actions.js';
import { INCIDENT_ACTION_IDS } from '../card/ids.js';
import { type ActionContext, actorOf, answer, clickerOf } from './context.js';

/** Escalate by hand: next level, the escalation post, and the automatic clock moves on from there. */
export function bindEscalate(app: App, ac: ActionContext): void {
  app.action<BlockAction<ButtonAction>>(
    INCIDENT_ACTION_IDS.escalate,
    async ({ ack, body, action, client }) => {
      await ack();
      const who = clickerOf(body);
      const incidentId = action.value ?? '';
      await answer(
        ac,
        client,
        who,
        incidentId,
        await escalateIncident(ac.ctx, ac.deps, incidentId, actorOf(who)),
      );
    },
  );
}
