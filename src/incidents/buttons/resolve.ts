import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { View } from '@slack/types';
import { refusal, resolveIncident } from '../actions.js';
import {
  INCIDENT_ACTION_IDS,
  MODAL_CALLBACK_IDS,
  RESOLVE_MODAL_IDS,
  ROOT_CAUSE_CATEGORIES,
} from '../card/ids.js';
import { buildResolveModal } from '../card/index.js';
import {
  type ActionContext,
  actorOf,
  allowed,
  answer,
  type Clicker,
  clickerOf,
  tellUser,
} from './context.js';

/**
 * Resolve: the button opens the modal at once (trigger_ids expire in 3 s); the submission is
 * validated (answered with `response_action: errors` naming the field) and then resolves.
 */

type StateValues = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value: string } | null }>
>;

export function readResolution(
  values: StateValues,
):
  | { ok: true; summary: string; rootCause: string; notes?: string }
  | { ok: false; errors: Record<string, string> } {
  const summary =
    values[RESOLVE_MODAL_IDS.resolutionBlock]?.[RESOLVE_MODAL_IDS.resolutionInput]?.value?.trim() ?? '';
  const rootCause =
    values[RESOLVE_MODAL_IDS.rootCauseBlock]?.[RESOLVE_MODAL_IDS.rootCauseInput]?.selected_option?.value;
  const notes = values[RESOLVE_MODAL_IDS.notesBlock]?.[RESOLVE_MODAL_IDS.notesInput]?.value?.trim();
  const errors: Record<string, string> = {};
  if (summary.length < 3) errors[RESOLVE_MODAL_IDS.resolutionBlock] = 'Say in a few words what was done.';
  if (summary.length > 500)
    errors[RESOLVE_MODAL_IDS.resolutionBlock] = 'Keep the resolution under 500 characters.';
  if (!ROOT_CAUSE_CATEGORIES.some((c) => c.value === rootCause))
    errors[RESOLVE_MODAL_IDS.rootCauseBlock] = 'Pick a root cause category.';
  if (Object.keys(errors).length > 0 || !rootCause) return { ok: false, errors };
  return { ok: true, summary, rootCause, ...(notes ? { notes } : {}) };
}

export function bindResolve(app: App, ac: ActionContext): void {
  app.action<BlockAction<ButtonAction>>(
    INCIDENT_ACTION_IDS.resolve,
    async ({ ack, body, action, client }) => {
      await ack();
      const who = clickerOf(body);
      const incidentId = action.value ?? '';
      if (!(await allowed(ac, client, who, 'responder', 'resolve', incidentId))) return;
      const incident = await ac.engine.get(incidentId);
      if (!incident || incident.status === 'resolved') {
        await tellUser(ac, client, who, `${incidentId} is already resolved or no longer exists.`);
        return;
      }
      await client.views.open({
        trigger_id: body.trigger_id,
        view: buildResolveModal(incident) as unknown as View,
      });
    },
  );

  app.view(MODAL_CALLBACK_IDS.resolve, async ({ ack, body, view, client }) => {
    const incidentId = view.private_metadata;
    const who: Clicker = { userId: body.user.id, name: body.user.name, channel: undefined };
    // The submitter is checked like the button's clicker, before anything they typed is read:
    // a forged or stale submission is refused and audited, whatever its fields hold.
    if (await refusal(ac.ctx, who.userId, 'responder', 'resolve', incidentId)) {
      await ack({
        response_action: 'errors',
        errors: { [RESOLVE_MODAL_IDS.resolutionBlock]: 'You need the responder role to resolve incidents.' },
      });
      return;
    }
    const parsed = readResolution(view.state.values as StateValues);
    if (!parsed.ok) {
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }
    await ack();
    const { ok: _ok, ...resolution } = parsed;
    const outcome = await resolveIncident(ac.ctx, ac.deps, incidentId, actorOf(who), resolution);
    await answer(ac, client, who, incidentId, outcome);
  });
}
