import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { INCIDENT_ACTION_IDS } from '../card/ids.js';
import { cancelEscalation, cancelSnoozeExpiry } from '../timers.js';
import * as t from '../transitions.js';
import { type ActionContext, act, clickerOf } from './context.js';

/** Acknowledge (card or escalation post): stops the escalation clock. The race loser is told who won. */
export function bindAcknowledge(app: App, ac: ActionContext): void {
  app.action<BlockAction<ButtonAction>>(
    INCIDENT_ACTION_IDS.acknowledge,
    async ({ ack, body, action, client }) => {
      await ack();
      const who = clickerOf(body);
      const result = await act(ac, client, {
        incidentId: action.value ?? '',
        who,
        role: 'responder',
        action: 'acknowledge',
        change: t.acknowledge({ userId: who.userId, at: ac.ctx.now() }),
        timeline: () => ({ kind: 'acknowledged' }),
      });
      if (!result) return;
      await cancelEscalation(ac.ctx.queues.timers, result.before);
      await cancelSnoozeExpiry(ac.ctx.queues.timers, result.after.id);
    },
  );
}
