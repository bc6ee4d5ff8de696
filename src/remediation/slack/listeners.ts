import type { App, BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import type { View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { cardChannelOf } from '../../incidents/announce.js';
import type { Incident } from '../../incidents/incident.js';
import type { AppContext } from '../../platform/context.js';
import { isCodedError, toUserMessage } from '../../platform/errors.js';
import { REMEDIATION_ACTIONS } from '../actions/catalog.js';
import type { RemediationDeps } from '../deps.js';
import {
  authorizeContainment,
  confirmContainment,
  decideRequest,
  type Person,
  previewContainment,
  requestUndo,
} from '../flow.js';
import { PREVIEW_MODAL_IDS, REMEDIATION_ACTION_IDS_SLACK, REMEDIATION_CALLBACK_IDS } from './ids.js';
import { parseContainChoice, parseReason, parseRequestButton } from './inputs.js';
import { buildLoadingModal, buildPreviewErrorModal, buildPreviewModal } from './preview-modal.js';

/**
 * Containment's Bolt listeners: the Contain… menu (opens the modal at once, then fills it with
 * the preview), the modal's confirmation, Approve / Reject in the thread, and Undo. Each acks
 * first, validates what the payload carries (inputs.ts), and answers the clicker alone (ephemeral,
 * or a field error in the modal) when nothing happened: refused, expired, already decided. The
 * steps themselves live in ../flow.ts.
 */

interface Listening {
  readonly ctx: AppContext;
  readonly deps: RemediationDeps;
}

type StateValues = Record<string, Record<string, { value?: string | null }>>;

function personOf(user: { id: string; name?: string; username?: string }): Person {
  return { userId: user.id, name: user.name ?? user.username ?? user.id };
}

/** Only the clicker sees it; in no channel (a modal) it goes to the incident card's channel. */
async function tell(
  l: Listening,
  client: WebClient,
  userId: string,
  channel: string | undefined,
  text: string,
  incidentId?: string,
) {
  let where = channel;
  if (!where && incidentId) {
    const incident = await l.deps.engine.get(incidentId);
    if (incident) where = cardChannelOf(l.ctx, l.deps, incident).channel;
  }
  if (!where) return;
  await client.chat
    .postEphemeral({ channel: where, user: userId, text })
    .catch((err: unknown) => l.ctx.logger.warn({ err }, 'could not post an ephemeral answer'));
}

/** A typed error is the answer; anything else is logged and answered in general words. */
function answerFor(l: Listening, error: unknown): string {
  if (!isCodedError(error)) l.ctx.logger.error({ err: error }, 'containment step failed');
  return toUserMessage(error);
}

export function registerRemediationListeners(app: App, ctx: AppContext, deps: RemediationDeps): void {
  const l: Listening = { ctx, deps };
  bindContainMenu(app, l);
  bindPreviewSubmission(app, l);
  bindDecision(app, l, REMEDIATION_ACTION_IDS_SLACK.approve, 'approve');
  bindDecision(app, l, REMEDIATION_ACTION_IDS_SLACK.reject, 'reject');
  bindUndo(app, l);
}

function bindContainMenu(app: App, l: Listening): void {
  app.action<BlockAction<StaticSelectAction>>(
    REMEDIATION_ACTION_IDS_SLACK.contain,
    async ({ ack, body, action, client }) => {
      await ack();
      const who = personOf(body.user);
      const channel = body.channel?.id;
      const parsed = parseContainChoice(action.selected_option?.value);
      if (!parsed.ok) {
        await tell(l, client, who.userId, channel, parsed.message);
        return;
      }
      const choice = parsed.value;
      const title = REMEDIATION_ACTIONS[choice.actionId].title;
      let incident: Incident;
      try {
        incident = await authorizeContainment(l.ctx, l.deps, choice.incidentId, choice.actionId, who);
      } catch (error) {
        await tell(l, client, who.userId, channel, answerFor(l, error), choice.incidentId);
        return;
      }
      // The trigger id expires in 3 s and reading AWS may take longer: open now, fill in after.
      const opened = await client.views
        .open({ trigger_id: body.trigger_id, view: buildLoadingModal(title) as unknown as View })
        .catch(async (error: unknown) => {
          // An expired trigger (Slack was slow to deliver the click): say so rather than fail silently.
          l.ctx.logger.warn({ err: error }, 'could not open the containment modal');
          await tell(
            l,
            client,
            who.userId,
            channel,
            'Slack did not let Watchkeeper open the preview in time. Choose the action again.',
            choice.incidentId,
          );
          return undefined;
        });
      const viewId = opened?.view?.id;
      if (!viewId) return;
      let modal: View;
      try {
        const preview = await previewContainment(l.ctx, l.deps, incident, choice.actionId, who);
        const secondApprover = l.deps.config.actions[choice.actionId].secondApprover;
        modal = buildPreviewModal(preview, secondApprover) as unknown as View;
      } catch (error) {
        modal = buildPreviewErrorModal(title, answerFor(l, error)) as unknown as View;
      }
      await client.views.update({ view_id: viewId, view: modal });
    },
  );
}

function bindPreviewSubmission(app: App, l: Listening): void {
  app.view(REMEDIATION_CALLBACK_IDS.preview, async ({ ack, body, view }) => {
    const who = personOf(body.user);
    const values = view.state.values as StateValues;
    const reason = parseReason(values[PREVIEW_MODAL_IDS.reasonBlock]?.[PREVIEW_MODAL_IDS.reasonInput]?.value);
    if (!reason.ok) {
      await ack({ response_action: 'errors', errors: { [PREVIEW_MODAL_IDS.reasonBlock]: reason.message } });
      return;
    }
    try {
      await confirmContainment(l.ctx, l.deps, view.private_metadata, who, reason.value);
    } catch (error) {
      await ack({
        response_action: 'errors',
        errors: { [PREVIEW_MODAL_IDS.reasonBlock]: answerFor(l, error) },
      });
      return;
    }
    await ack();
  });
}

/** A thread button whose value is a request id: validated, then the step; refusals to the clicker. */
function bindRequestButton(
  app: App,
  l: Listening,
  actionId: string,
  step: (requestId: string, who: Person) => Promise<unknown>,
): void {
  app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client }) => {
    await ack();
    const who = personOf(body.user);
    const requestId = parseRequestButton(action.value);
    if (!requestId.ok) {
      await tell(l, client, who.userId, body.channel?.id, requestId.message);
      return;
    }
    try {
      await step(requestId.value, who);
    } catch (error) {
      await tell(l, client, who.userId, body.channel?.id, answerFor(l, error));
    }
  });
}

function bindDecision(app: App, l: Listening, actionId: string, decision: 'approve' | 'reject'): void {
  bindRequestButton(app, l, actionId, (requestId, who) =>
    decideRequest(l.ctx, l.deps, requestId, who, decision),
  );
}

function bindUndo(app: App, l: Listening): void {
  bindRequestButton(app, l, REMEDIATION_ACTION_IDS_SLACK.undo, (requestId, who) =>
    requestUndo(l.ctx, l.deps, requestId, who),
  );
}
