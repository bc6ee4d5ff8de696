import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { postEscalation } from '../announce.js';
import { INCIDENT_ACTION_IDS } from '../card/ids.js';
import { cancelEscalation, scheduleNextEscalation } from '../timers.js';
import * as t from '../transitions.js';
import { type ActionContext, act, clickerOf } from './context.js';

/** Escalate by hand: next level, the escalation post, and the automatic clock moves on from there. */
export function bindEscalate(app: App, ac: ActionContext): void {
  app.action<BlockAction<ButtonAction>>(
    INCIDENT_ACTION_IDS.escalate,
    async ({ ack, body, action, client }) => {
      await ack();
      const result = await act(ac, client, {
        incidentId: action.value ?? '',
        who: clickerOf(body),
        role: 'responder',
        action: 'escalate',
        change: t.escalate(),
        timeline: (r) => ({ kind: 'escalated', level: r.after.escalationLevel }),
      });
      if (!result) return;
      await postEscalation(ac.ctx, ac.deps, ac.outbox, result.after);
      await cancelEscalation(ac.ctx.queues.timers, result.before);
      if (result.after.status === 'triggered')
        await scheduleNextEscalation(ac.ctx.queues.timers, result.after, ac.deps.escalation);
    },
  );
}
