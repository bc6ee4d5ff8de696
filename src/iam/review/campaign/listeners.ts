import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { refusal } from '../../../incidents/actions.js';
import type { AppContext } from '../../../platform/context.js';
import { PermissionError, toUserMessage } from '../../../platform/errors.js';
import type { RoleChecker } from '../../../platform/roles.js';
import { isSlackUserId } from '../../../slack/blocks/index.js';
import { plural } from '../../../slack/blocks/text.js';
import { respondTo } from '../../../slack/respond.js';
import { ACCESS_REVIEW_ACTION_IDS, ACCESS_REVIEW_CALLBACK_IDS } from '../ids.js';
import {
  asKnownBlocks,
  buildDecisionModal,
  buildReassignModal,
  CAMPAIGN_MODAL_FIELDS as F,
  JUSTIFICATION_MAX,
  type RemediationOffer,
} from './blocks.js';
import { closeCampaign } from './close.js';
import {
  decide,
  loadTarget,
  mayDecide,
  NOT_ALLOWED,
  REMEDIATION_NEEDS_ADMIN,
  reassign,
  remediationRefused,
  wouldRemediate,
} from './decide.js';
import type { CampaignDeps } from './deps.js';
import { postedTs } from './messages.js';
import { parseItemButtonValue, statusMessageKey } from './model.js';
import { buildPlanMessage, planCampaign } from './plan.js';
import { bindRevokeConfirm, showRevokePlan } from './revoke-confirm.js';
import { buildRevokeReadingModal } from './revoke-confirm-blocks.js';
import { startCampaign } from './start.js';
import { campaignOfReport } from './store.js';

/**
 * The campaign's buttons and modals. Every handler acks first (Slack allows 3 s; modals must
 * open while the trigger id is fresh), checks who may act, and answers refusals and lost races
 * with an ephemeral message (or a field error in a modal). Every refusal is audited
 * (`refused.access-review.…`, by the checks in decide.ts and incidents' `refusal`). Changes are
 * made by start.ts, decide.ts and close.ts; nothing here writes state itself. A Revoke that
 * changes IAM goes through revoke-confirm.ts: the exact list of changes first, then the change.
 */

type StateValues = Record<
  string,
  Record<
    string,
    {
      value?: string | null;
      selected_user?: string | null;
      selected_options?: ReadonlyArray<{ value: string }> | null;
    }
  >
>;

interface Handlers {
  readonly ctx: AppContext;
  readonly deps: CampaignDeps;
  readonly roles: RoleChecker;
}

/** An ephemeral answer to one user; a DM is answered in the DM, a modal in the item's channel. */
async function tell(h: Handlers, client: WebClient, channel: string | undefined, user: string, text: string) {
  if (!channel) return;
  await client.chat
    .postEphemeral({ channel, user, text })
    .catch((err: unknown) => h.ctx.logger.warn({ err }, 'could not post an ephemeral answer'));
}

function parseMetadata<T>(raw: string): Partial<T> {
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Partial<T>) : {};
  } catch {
    return {};
  }
}

export function registerCampaignListeners(app: App, ctx: AppContext, deps: CampaignDeps): void {
  const h: Handlers = { ctx, deps, roles: ctx.roles };
  bindStart(app, h);
  bindDecisionButtons(app, h);
  bindDecisionModal(app, h);
  bindReassignModal(app, h);
  bindClose(app, h);
  bindRevokeConfirm(app, ctx, deps, (client, channel, user, text) => tell(h, client, channel, user, text));
}

/**
 * "Start review" shows the plan first (how many messages to whom, where unowned principals go),
 * to the clicker only; its "Start review: send N messages" button starts the campaign, and the
 * plan becomes the "Starting…" line in place. A report whose campaign already runs says so at once.
 */
function bindStart(app: App, h: Handlers): void {
  const allowed = async (user: string, reportId: string) => {
    const refused = await refusal(h.ctx, user, 'security-admin', 'access-review.campaign.start', undefined, {
      verb: 'start an access-review campaign',
      subject: `report ${reportId}`,
    });
    if (refused) throw refused;
  };
  const failed = async (error: unknown, say: (text: string) => Promise<void>) => {
    if (!(error instanceof PermissionError))
      h.ctx.logger.error({ err: error }, 'access-review campaign start failed');
    else h.ctx.logger.info({ code: error.code }, 'access-review campaign start refused');
    await say(toUserMessage(error));
  };

  app.action<BlockAction<ButtonAction>>(
    ACCESS_REVIEW_ACTION_IDS.startCampaign,
    async ({ ack, body, action, client }) => {
      await ack();
      const channel = body.channel?.id;
      const say = (text: string) => tell(h, client, channel, body.user.id, text);
      try {
        const reportId = action.value ?? '';
        await allowed(body.user.id, reportId);
        if (!channel) return;
        const running = await campaignOfReport(h.ctx.redis, h.ctx.config.redis.prefix, reportId);
        if (running) {
          await say(await alreadyRunning(h, client, running));
          return;
        }
        const plan = buildPlanMessage(
          await planCampaign(h.ctx, h.deps, { reportId, startedBy: body.user.id, channelId: channel }),
        );
        await client.chat
          .postEphemeral({ channel, user: body.user.id, text: plan.text, blocks: asKnownBlocks(plan.blocks) })
          .catch((err: unknown) => h.ctx.logger.warn({ err }, 'could not show the campaign plan'));
      } catch (error) {
        await failed(error, say);
      }
    },
  );

  app.action<BlockAction<ButtonAction>>(
    ACCESS_REVIEW_ACTION_IDS.confirmStartCampaign,
    async ({ ack, body, action, client }) => {
      await ack();
      const channel = body.channel?.id;
      // The answer replaces the plan the button sits on (one private message, not two).
      const responseUrl = (body as { response_url?: string }).response_url;
      const say = async (text: string) => {
        if (!responseUrl) return tell(h, client, channel, body.user.id, text);
        await respondTo(responseUrl, { text, replaceOriginal: true }).catch(() =>
          tell(h, client, channel, body.user.id, text),
        );
      };
      try {
        await allowed(body.user.id, action.value ?? '');
        if (!channel) return;
        const started = await startCampaign(h.ctx, h.deps, {
          reportId: action.value ?? '',
          startedBy: body.user.id,
          channelId: channel,
        });
        if (started.created) {
          await say(
            `Starting the access review of ${plural(started.campaign.itemCount, 'principal')}: each reviewer gets a message, and the campaign status follows in <#${started.campaign.statusChannel}>.`,
          );
          return;
        }
        await say(await alreadyRunning(h, client, started.campaign));
      } catch (error) {
        await failed(error, say);
      }
    },
  );
}

async function alreadyRunning(
  h: Handlers,
  client: WebClient,
  campaign: Awaited<ReturnType<typeof startCampaign>>['campaign'],
): Promise<string> {
  if (!campaign) return 'A review campaign for this report is already starting.';
  const state = campaign.status === 'closed' ? 'already ran and is closed' : 'is already running';
  const ts = await postedTs(h.ctx, statusMessageKey(campaign.id));
  const link = ts
    ? await client.chat
        .getPermalink({ channel: campaign.statusChannel, message_ts: ts })
        .then((r) => r.permalink)
        .catch(() => undefined)
    : undefined;
  const where = link ? `<${link}|status message>` : `<#${campaign.statusChannel}>`;
  return `A review campaign for this report ${state} (${campaign.id}): see its ${where}.`;
}

/** The checkbox is offered only where it may be used: remediation on and a security admin. */
async function remediationOffer(h: Handlers, userId: string): Promise<RemediationOffer> {
  if (!h.ctx.config.accessReview.remediation.enabled) return 'off';
  return (await h.roles.hasRole(userId, 'security-admin')) ? 'offer' : 'admins-only';
}

function bindDecisionButtons(app: App, h: Handlers): void {
  const open = async (
    body: BlockAction,
    action: ButtonAction,
    client: WebClient,
    kind: 'keep' | 'revoke' | 'reassign',
  ) => {
    const channel = body.channel?.id;
    const parsed = parseItemButtonValue(action.value ?? '');
    if (!parsed) return;
    const target = await loadTarget(h.ctx, parsed.campaignId, parsed.itemKey);
    if ('message' in target) {
      await tell(h, client, channel, body.user.id, target.message);
      return;
    }
    if (!(await mayDecide(h.ctx, target, body.user.id, kind))) {
      await tell(h, client, channel, body.user.id, NOT_ALLOWED);
      return;
    }
    const view =
      kind === 'reassign'
        ? buildReassignModal(target.campaign, target.item)
        : buildDecisionModal(target.campaign, target.item, kind, await remediationOffer(h, body.user.id));
    await client.views.open({ trigger_id: body.trigger_id, view: view as unknown as View });
  };
  const bind = (actionId: string, kind: 'keep' | 'revoke' | 'reassign') =>
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client }) => {
      await ack();
      try {
        await open(body, action, client, kind);
      } catch (error) {
        h.ctx.logger.error({ err: error, action: actionId }, 'access-review decision button failed');
        await tell(h, client, body.channel?.id, body.user.id, toUserMessage(error));
      }
    });
  bind(ACCESS_REVIEW_ACTION_IDS.keep, 'keep');
  bind(ACCESS_REVIEW_ACTION_IDS.revoke, 'revoke');
  bind(ACCESS_REVIEW_ACTION_IDS.notMine, 'reassign');
}

/** Where to answer after a modal: the item's reviewer channel (a DM for a person). */
async function answerChannel(h: Handlers, campaignId: string, itemKey: string): Promise<string | undefined> {
  const target = await loadTarget(h.ctx, campaignId, itemKey);
  return 'item' in target ? target.item.reviewer.id : undefined;
}

function bindDecisionModal(app: App, h: Handlers): void {
  app.view(ACCESS_REVIEW_CALLBACK_IDS.decision, async ({ ack, body, view, client }) => {
    const meta = parseMetadata<{ c: string; k: string; d: 'keep' | 'revoke' }>(view.private_metadata);
    const values = view.state.values as StateValues;
    const justification = values[F.justificationBlock]?.[F.justificationInput]?.value?.trim() ?? '';
    if (justification.length === 0 || justification.length > JUSTIFICATION_MAX) {
      await ack({
        response_action: 'errors',
        errors: {
          [F.justificationBlock]:
            justification.length === 0
              ? 'Say why: the justification is kept as evidence.'
              : `Keep it under ${JUSTIFICATION_MAX} characters.`,
        },
      });
      return;
    }
    if (!meta.c || !meta.k || (meta.d !== 'keep' && meta.d !== 'revoke')) {
      await ack();
      return;
    }
    const confirmed = (values[F.confirmBlock]?.[F.confirmInput]?.selected_options ?? []).some(
      (o) => o.value === F.confirmValue,
    );
    const target = await loadTarget(h.ctx, meta.c, meta.k);
    if ('item' in target && !(await mayDecide(h.ctx, target, body.user.id, meta.d))) {
      await ack({ response_action: 'errors', errors: { [F.justificationBlock]: NOT_ALLOWED } });
      return;
    }
    // Answered in the modal, so the decider can untick and still record the revoke; decide()
    // checks the same again. The error sits on the justification: a non-admin's modal has no
    // checkbox (a stale or forged submission may carry one all the same).
    if (
      'item' in target &&
      wouldRemediate(h.ctx, h.deps, { decision: meta.d, remediate: confirmed }) &&
      (await remediationRefused(h.ctx, target, body.user.id))
    ) {
      await ack({ response_action: 'errors', errors: { [F.justificationBlock]: REMEDIATION_NEEDS_ADMIN } });
      return;
    }
    // Changing IAM: nothing is recorded or changed yet. The modal turns into the list of changes
    // (read from IAM now, so first a notice within Slack's 3 s), and only confirming it applies.
    if ('item' in target && wouldRemediate(h.ctx, h.deps, { decision: meta.d, remediate: confirmed })) {
      await ack({ response_action: 'update', view: buildRevokeReadingModal(target.item) as unknown as View });
      await showRevokePlan(h.ctx, h.deps, {
        client,
        viewId: body.view.id,
        target,
        by: body.user.id,
        justification,
      });
      return;
    }
    await ack();
    const channel = await answerChannel(h, meta.c, meta.k);
    try {
      const outcome = await decide(h.ctx, h.deps, {
        campaignId: meta.c,
        itemKey: meta.k,
        decision: meta.d,
        by: body.user.id,
        justification,
        remediate: confirmed,
      });
      if (!outcome.ok) await tell(h, client, channel, body.user.id, outcome.message);
      else if (outcome.note) await tell(h, client, channel, body.user.id, outcome.note);
    } catch (error) {
      h.ctx.logger.error({ err: error }, 'access-review decision failed');
      await tell(h, client, channel, body.user.id, toUserMessage(error));
    }
  });
}

function bindReassignModal(app: App, h: Handlers): void {
  app.view(ACCESS_REVIEW_CALLBACK_IDS.reassign, async ({ ack, body, view, client }) => {
    const meta = parseMetadata<{ c: string; k: string }>(view.private_metadata);
    const values = view.state.values as StateValues;
    const to = values[F.assigneeBlock]?.[F.assigneeInput]?.selected_user ?? '';
    const note = values[F.noteBlock]?.[F.noteInput]?.value?.trim() ?? '';
    if (!isSlackUserId(to)) {
      await ack({ response_action: 'errors', errors: { [F.assigneeBlock]: 'Pick the person who owns it.' } });
      return;
    }
    if (note.length > JUSTIFICATION_MAX) {
      await ack({
        response_action: 'errors',
        errors: { [F.noteBlock]: `Keep it under ${JUSTIFICATION_MAX} characters.` },
      });
      return;
    }
    if (!meta.c || !meta.k) {
      await ack();
      return;
    }
    const target = await loadTarget(h.ctx, meta.c, meta.k);
    if ('item' in target && !(await mayDecide(h.ctx, target, body.user.id, 'reassign'))) {
      await ack({ response_action: 'errors', errors: { [F.assigneeBlock]: NOT_ALLOWED } });
      return;
    }
    await ack();
    const channel = 'item' in target ? target.item.reviewer.id : undefined;
    try {
      const outcome = await reassign(h.ctx, h.deps, {
        campaignId: meta.c,
        itemKey: meta.k,
        by: body.user.id,
        to,
        note,
      });
      if (!outcome.ok) await tell(h, client, channel, body.user.id, outcome.message);
    } catch (error) {
      h.ctx.logger.error({ err: error }, 'access-review reassignment failed');
      await tell(h, client, channel, body.user.id, toUserMessage(error));
    }
  });
}

function bindClose(app: App, h: Handlers): void {
  app.action<BlockAction<ButtonAction>>(
    ACCESS_REVIEW_ACTION_IDS.closeCampaign,
    async ({ ack, body, action, client }) => {
      await ack();
      const say = (text: string) => tell(h, client, body.channel?.id, body.user.id, text);
      try {
        const refused = await refusal(
          h.ctx,
          body.user.id,
          'security-admin',
          'access-review.campaign.close',
          undefined,
          { verb: 'close an access-review campaign', subject: action.value ?? '' },
        );
        if (refused) throw refused;
        const result = await closeCampaign(h.ctx, h.deps, action.value ?? '', body.user.id);
        await say(
          result === 'closed'
            ? 'Campaign closed: the summary and the evidence (CSV and JSON) follow.'
            : 'This campaign is already closed.',
        );
      } catch (error) {
        if (!(error instanceof PermissionError))
          h.ctx.logger.error({ err: error }, 'access-review close failed');
        await say(toUserMessage(error));
      }
    },
  );
}
