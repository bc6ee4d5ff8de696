import type { App, BlockAction, UsersSelectAction } from '@slack/bolt';
import { assignIncident } from '../actions.js';
import { INCIDENT_ACTION_IDS, incidentIdFromActionsBlockId } from '../card/ids.js';
import { type ActionContext, actorOf, answer, clickerOf } from './context.js';

/** Assign (users_select): the incident id travels in the actions block id. */
export function bindAssign(app: App, ac: ActionContext): void {
  app.action<BlockAction<UsersSelectAction>>(
    INCIDENT_ACTION_IDS.assign,
    async ({ ack, body, action, client }) => {
      await ack();
      const incidentId = incidentIdFromActionsBlockId(action.block_id);
      const assignee = action.selected_user;
      if (!incidentId || !assignee) return;
      const name = await client.users
        .info({ user: assignee })
        .then((r) => r.user?.real_name ?? r.user?.name ?? assignee)
        .catch(() => assignee);
      const who = clickerOf(body);
      const outcome = await assignIncident(ac.ctx, ac.deps, incidentId, actorOf(who), {
        userId: assignee,
        name,
      });
      await answer(ac, client, who, incidentId, outcome);
    },
  );
}
