import type { App } from '@slack/bolt';
import type { View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { AppContext } from '../../../platform/context.js';
import { toUserMessage } from '../../../platform/errors.js';
import type { ModalView } from '../../../slack/blocks/index.js';
import { ACCESS_REVIEW_CALLBACK_IDS } from '../ids.js';
import { decide, loadTarget, REMEDIATION_NEEDS_ADMIN, remediationRefused, type Target } from './decide.js';
import type { CampaignDeps } from './deps.js';
import { loadPendingRevoke, savePendingRevoke, takePendingRevoke } from './pending-revoke.js';
import {
  buildRevokeConfirmModal,
  buildRevokeStoppedModal,
  type RevokeConfirmMetadata,
} from './revoke-confirm-blocks.js';

/**
 * Revoke with "Change IAM" ticked does not change IAM: it reads what would change (the plan
 * the apply step executes), keeps it as a pending revoke and turns the decision modal into the
 * list, in place. Only submitting that list, by the same security admin, records the revoke and
 * applies exactly it; Cancel (or letting it expire) records and changes nothing.
 */

export type Tell = (
  client: WebClient,
  channel: string | undefined,
  user: string,
  text: string,
) => Promise<void>;

const asView = (view: ModalView) => view as unknown as View;

/** After the decision modal was answered with the "reading" notice: the list, or why there is none. */
export async function showRevokePlan(
  ctx: AppContext,
  deps: CampaignDeps,
  input: {
    readonly client: WebClient;
    readonly viewId: string;
    readonly target: Target;
    readonly by: string;
    readonly justification: string;
  },
): Promise<void> {
  const { campaign, item } = input.target;
  let view: ModalView;
  try {
    const plan = await deps
      .remediationFor(ctx, campaign.accountId)
      .planRevoke({ kind: item.evidence.kind, name: item.evidence.name });
    const readAt = ctx.now().toISOString();
    const id = await savePendingRevoke(ctx.redis, ctx.config.redis.prefix, {
      campaignId: campaign.id,
      itemKey: item.key,
      by: input.by,
      justification: input.justification,
      readAt,
      plan,
    });
    view = buildRevokeConfirmModal(campaign, item, plan, { id, justification: input.justification, readAt });
  } catch (error) {
    ctx.logger.error(
      { err: error, principal: item.evidence.arn },
      'could not read what a revoke would change',
    );
    view = buildRevokeStoppedModal(
      item,
      `Watchkeeper could not read what would change: ${toUserMessage(error)}`,
    );
  }
  await input.client.views
    .update({ view_id: input.viewId, view: asView(view) })
    .catch((err: unknown) => ctx.logger.warn({ err }, 'could not show the revoke confirmation'));
}

function parseMetadata(raw: string): Partial<RevokeConfirmMetadata> {
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Partial<RevokeConfirmMetadata>) : {};
  } catch {
    return {};
  }
}

export function bindRevokeConfirm(app: App, ctx: AppContext, deps: CampaignDeps, tell: Tell): void {
  const prefix = ctx.config.redis.prefix;
  app.view(ACCESS_REVIEW_CALLBACK_IDS.revokeConfirm, async ({ ack, body, view, client }) => {
    const id = parseMetadata(view.private_metadata).p;
    const pending =
      typeof id === 'string' && id !== '' ? await loadPendingRevoke(ctx.redis, prefix, id) : undefined;
    const target = pending ? await loadTarget(ctx, pending.campaignId, pending.itemKey) : undefined;
    // The modal turns into why nothing happened: it has no input to hang a field error on.
    const stop = (message: string) =>
      ack({
        response_action: 'update',
        view: asView(buildRevokeStoppedModal(target && 'item' in target ? target.item : undefined, message)),
      });
    if (!id || !pending || !target) {
      await stop(
        'This confirmation expired (or was already used). Click Revoke again to see the current list.',
      );
      return;
    }
    if ('message' in target) {
      await stop(target.message);
      return;
    }
    if (pending.by !== body.user.id) {
      await stop('Only the person who asked for this revoke can confirm it.');
      return;
    }
    if (await remediationRefused(ctx, target, body.user.id)) {
      await stop(REMEDIATION_NEEDS_ADMIN);
      return;
    }
    await ack();
    const taken = await takePendingRevoke(ctx.redis, prefix, id);
    if (!taken) return; // A second submit of the same list: the first one applies it.
    const channel = target.item.reviewer.id;
    try {
      const outcome = await decide(ctx, deps, {
        campaignId: taken.campaignId,
        itemKey: taken.itemKey,
        decision: 'revoke',
        by: body.user.id,
        justification: taken.justification,
        remediate: true,
        plan: taken.plan,
      });
      if (!outcome.ok) await tell(client, channel, body.user.id, outcome.message);
      else if (outcome.note) await tell(client, channel, body.user.id, outcome.note);
    } catch (error) {
      ctx.logger.error({ err: error }, 'access-review confirmed revoke failed');
      await tell(client, channel, body.user.id, toUserMessage(error));
    }
  });
}
