import type { App, BlockAction, StaticSelectAction } from '@slack/bolt';
import { decodeChoiceValue, INCIDENT_ACTION_IDS, SNOOZE_CHOICES } from '../card/ids.js';
import { cancelEscalation, scheduleSnoozeExpiry } from '../timers.js';
import * as t from '../transitions.js';
import { type ActionContext, act, clickerOf } from './context.js';

/** Snooze (static select `<choice>|<incident>`): no escalation while snoozed; a timer wakes it. */
export function bindSnooze(app: App, ac: ActionContext): void {
  app.action<BlockAction<StaticSelectAction>>(
    INCIDENT_ACTION_IDS.snooze,
    async ({ ack, body, action, client }) => {
      await ack();
      const decoded = decodeChoiceValue(action.selected_option.value);
      const choice = SNOOZE_CHOICES.find((c) => c.value === decoded?.choice);
      if (!decoded || !choice) return;
      const until = new Date(ac.ctx.now().getTime() + choice.minutes * 60_000);
      const result = await act(ac, client, {
        incidentId: decoded.incidentId,
        who: clickerOf(body),
        role: 'responder',
        action: 'snooze',
        change: t.snooze(until),
        timeline: () => ({ kind: 'snoozed', until: until.toISOString() }),
      });
      if (!result) return;
      await cancelEscalation(ac.ctx.queues.timers, result.before);
      await scheduleSnoozeExpiry(ac.ctx.queues.timers, result.after, ac.ctx.now());
    },
  );
}
