import type { App } from '@slack/bolt';
import { escalateIncident } from '../actions.js';
import { INCIDENT_ACTION_IDS } from '../card/ids.js';
import { type ActionContext, bindIncidentButton } from './context.js';

/** Escalate by hand: next level, the escalation post, and the automatic clock moves on from there. */
export function bindEscalate(app: App, ac: ActionContext): void {
  bindIncidentButton(app, ac, INCIDENT_ACTION_IDS.escalate, escalateIncident);
}
