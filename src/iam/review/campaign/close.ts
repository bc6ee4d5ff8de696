import type { AppContext } from '../../../platform/context.js';
import { asKnownBlocks, buildSummaryMessage } from './blocks.js';
import type { CampaignDeps } from './deps.js';
import { renderCampaignCsv, renderCampaignJson } from './export.js';
import { removeReminders } from './jobs.js';
import { postedTs, refreshItem, refreshStatus } from './messages.js';
import { exportFileKey, isPending, statusMessageKey, summaryMessageKey } from './model.js';
import { changeCampaign, loadItems } from './store.js';

/**
 * Closing a campaign (at its deadline, or "Close now" by a security admin): the first close wins
 * and is audited; then the reminders stop, undecided items lose their buttons, the status
 * message shows the result, and the summary and the evidence (CSV and JSON) are posted. Every
 * post has an idempotency key, so a retried close never posts twice.
 */

export type CloseResult = 'closed' | 'already-closed';

export async function closeCampaign(
  ctx: AppContext,
  deps: CampaignDeps,
  campaignId: string,
  by: string,
  options: { readonly repost?: boolean } = {},
): Promise<CloseResult> {
  const prefix = ctx.config.redis.prefix;
  const at = ctx.now();
  const { campaign, changed } = await changeCampaign(ctx.redis, prefix, campaignId, (c) =>
    c.status === 'closed'
      ? { refuse: false }
      : { next: { ...c, status: 'closed', closedBy: by, closedAt: at.toISOString() }, result: true },
  );
  // A retried close job posts again (the outbox drops what was sent); a second click does not.
  if (!changed && !options.repost) return 'already-closed';
  if (changed)
    await ctx.audit.record({
      who: by,
      action: 'access-review.campaign.close',
      at,
      after: { campaignId, status: 'closed' },
      detail: `${campaignId}${by === 'watchkeeper' ? ' (deadline)' : ''}`,
    });
  await removeReminders(ctx, campaignId);
  const items = await loadItems(ctx.redis, prefix, campaignId);
  for (const item of items.filter(isPending)) await refreshItem(deps, campaign, item);
  await refreshStatus(ctx, deps, campaign);

  const outbox = deps.outbox;
  const summary = buildSummaryMessage(campaign, items);
  await outbox.postMessage({
    idempotencyKey: summaryMessageKey(campaignId),
    channel: campaign.statusChannel,
    text: summary.text,
    blocks: asKnownBlocks(summary.blocks),
  });
  const statusTs = await postedTs(ctx, statusMessageKey(campaignId));
  const thread = statusTs ? { threadTs: statusTs } : {};
  const files = [
    { format: 'csv' as const, content: renderCampaignCsv(campaign, items) },
    { format: 'json' as const, content: renderCampaignJson(campaign, items) },
  ];
  for (const file of files)
    await outbox.uploadFile({
      idempotencyKey: exportFileKey(campaignId, file.format),
      channel: campaign.statusChannel,
      filename: `access-review-${campaignId}.${file.format}`,
      title: `Access review ${campaign.accountId}: evidence (${file.format.toUpperCase()})`,
      content: Buffer.from(file.content, 'utf8'),
      ...thread,
    });
  return 'closed';
}
