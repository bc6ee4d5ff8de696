import type { App, BlockAction, UsersSelectAction } from '@slack/bolt';
import { INCIDENT_ACTION_IDS, incidentIdFromActionsBlockId } from '../card/ids.js';
import * as t from '../transitions.js';
import { type ActionContext, act, clickerOf } from './context.js';

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
      await act(ac, client, {
        incidentId,
        who: clickerOf(body),
        role: 'responder',
        action: 'assign',
        change: t.assign(assignee),
        timeline: () => ({ kind: 'assigned', assigneeName: name }),
      });
    },
  );
}
