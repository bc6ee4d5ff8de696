import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { View } from '@slack/types';
import { INCIDENT_ACTION_IDS } from '../card/ids.js';
import { buildRunbookModal } from '../card/index.js';
import type { Incident } from '../incident.js';
import type { Runbook } from '../runbooks/schema.js';
import { type ActionContext, clickerOf, tellUser } from './context.js';

/**
 * The card's Runbook button opens the checklist modal at once (trigger_ids expire in 3 s).
 * Reading a runbook needs no role; ticking a step does, and is checked when it happens.
 */

export function runbookOf(ac: ActionContext, incident: Incident): Runbook | undefined {
  return ac.deps.runbooks.find((r) => r.id === incident.runbookId);
}

export function bindRunbook(app: App, ac: ActionContext): void {
  app.action<BlockAction<ButtonAction>>(
    INCIDENT_ACTION_IDS.runbook,
    async ({ ack, body, action, client }) => {
      await ack();
      const who = clickerOf(body);
      const incidentId = action.value ?? '';
      const incident = await ac.engine.get(incidentId);
      const runbook = incident && runbookOf(ac, incident);
      if (!incident || !runbook) {
        await tellUser(ac, client, who, `${incidentId} has no runbook (or no longer exists).`, incidentId);
        return;
      }
      await client.views.open({
        trigger_id: body.trigger_id,
        view: buildRunbookModal(incident, runbook) as unknown as View,
      });
    },
  );
}
