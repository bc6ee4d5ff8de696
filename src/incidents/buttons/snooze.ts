import type { App, BlockAction, StaticSelectAction } from '@slack/bolt';
import { snoozeIncident } from '../actions.js';
import { decodeChoiceValue, INCIDENT_ACTION_IDS, SNOOZE_CHOICES } from '../card/ids.js';
import { type ActionContext, actorOf, answer, clickerOf } from './context.js';

/** Snooze (static select `<choice>|<incident>`): no escalation while snoozed; a timer wakes it. */
export function bindSnooze(app: App, ac: ActionContext): void {
  app.action<BlockAction<StaticSelectAction>>(
    INCIDENT_ACTION_IDS.snooze,
    async ({ ack, body, action, client }) => {
      await ack();
      const decoded = decodeChoiceValue(action.selected_option.value);
      const choice = SNOOZE_CHOICES.find((c) => c.value === decoded?.choice);
      if (!decoded || !choice) return;
      const who = clickerOf(body);
      const outcome = await snoozeIncident(ac.ctx, ac.deps, decoded.incidentId, actorOf(who), choice.minutes);
      await answer(ac, client, who, decoded.incidentId, outcome);
    },
  );
}
