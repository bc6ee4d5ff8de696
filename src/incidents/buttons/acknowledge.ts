import type { App } from '@slack/bolt';
import { acknowledgeIncident } from '../actions.js';
import { INCIDENT_ACTION_IDS } from '../card/ids.js';
import { type ActionContext, bindIncidentButton } from './context.js';

/** Acknowledge (card or escalation post): stops the escalation clock. The race loser is told who won. */
export function bindAcknowledge(app: App, ac: ActionContext): void {
  bindIncidentButton(app, ac, INCIDENT_ACTION_IDS.acknowledge, acknowledgeIncident);
}
