import { UnrecoverableError } from 'bullmq';
import { emptyOwnersRegistry } from '../../../ownership/registry.js';
import type { AppContext } from '../../../platform/context.js';
import { NotFoundError } from '../../../platform/errors.js';
import { plural } from '../../../slack/blocks/text.js';
import { loadReport } from '../report-store.js';
import type { CampaignDeps } from './deps.js';
import { queueDeadlineClose, queueFanOut, upsertReminders } from './jobs.js';
import { postItem, postStatus, refreshStatus } from './messages.js';
import { type Campaign, newCampaignId } from './model.js';
import { buildItems, unownedDestination } from './reviewers.js';
import { addItems, changeCampaign, claimReport, loadCampaign, loadItems, saveCampaign } from './store.js';

/**
 * Starting a campaign is split in two. The button's handler claims the report (one campaign per
 * report), stores the campaign and queues the fan-out; the fan-out job resolves owners, stores
 * one item per principal and posts the status message and the items in chunks, each chunk
 * queueing the next, so a thousand principals never hold one job (or the 3-second ack) for long.
 */

export interface StartInput {
  readonly reportId: string;
  readonly startedBy: string;
  /** Where the button was clicked: the status message goes here unless config names a channel. */
  readonly channelId: string;
}

export type StartResult =
  | { readonly created: true; readonly campaign: Campaign }
  | { readonly created: false; readonly campaign: Campaign | undefined };

const DAY_MS = 24 * 3_600_000;
const DEFAULT_CHUNK = 50;

export async function startCampaign(
  ctx: AppContext,
  _deps: CampaignDeps,
  input: StartInput,
): Promise<StartResult> {
  const prefix = ctx.config.redis.prefix;
  const stored = await loadReport(ctx.redis, prefix, input.reportId);
  if (!stored) throw new NotFoundError(`access-review report ${input.reportId} (reports are kept 90 days)`);
  const now = ctx.now();
  const claim = await claimReport(ctx.redis, prefix, input.reportId, newCampaignId(now));
  if (!claim.created)
    return { created: false, campaign: await loadCampaign(ctx.redis, prefix, claim.campaignId) };
  const settings = ctx.config.accessReview.campaign;
  const campaign: Campaign = {
    id: claim.campaignId,
    accountId: stored.accountId,
    reportId: stored.id,
    startedBy: input.startedBy,
    startedAt: now.toISOString(),
    deadline: new Date(now.getTime() + settings.deadlineDays * DAY_MS).toISOString(),
    statusChannel: settings.channel ?? input.channelId,
    status: 'starting',
    itemCount: stored.report.principals.length,
  };
  await saveCampaign(ctx.redis, prefix, campaign);
  await ctx.audit.record({
    who: input.startedBy,
    action: 'access-review.campaign.start',
    at: now,
    after: { campaignId: campaign.id, reportId: campaign.reportId, accountId: campaign.accountId },
    detail: `${campaign.id}: ${plural(campaign.itemCount, 'principal')}, deadline ${campaign.deadline}`,
  });
  await queueFanOut(ctx, campaign.id, 0);
  return { created: true, campaign };
}

/** One fan-out step: (first step) items and status message, then one chunk of item messages. */
export async function fanOutStep(
  ctx: AppContext,
  deps: CampaignDeps,
  campaignId: string,
  offset: number,
): Promise<string> {
  const prefix = ctx.config.redis.prefix;
  const campaign = await loadCampaign(ctx.redis, prefix, campaignId);
  if (!campaign) throw new UnrecoverableError(`access-review campaign ${campaignId} does not exist`);
  if (campaign.status === 'closed') return 'closed';
  if (offset === 0) {
    const stored = await loadReport(ctx.redis, prefix, campaign.reportId);
    if (!stored) throw new UnrecoverableError(`report ${campaign.reportId} of ${campaignId} has expired`);
    const registry = deps.ownersRegistry ? await deps.ownersRegistry() : emptyOwnersRegistry();
    const tags = deps.tagsPortFor?.(ctx, campaign.accountId);
    const items = await buildItems(
      {
        accountId: campaign.accountId,
        principals: stored.report.principals,
        unowned: unownedDestination(ctx.config.accessReview.campaign.channel, campaign.startedBy),
      },
      {
        registry,
        logger: ctx.logger,
        tagKeys: ctx.config.ownership.tagKeys,
        ...(tags ? { tags } : {}),
      },
    );
    await addItems(ctx.redis, prefix, campaignId, items);
    await postStatus(deps, campaign, await loadItems(ctx.redis, prefix, campaignId));
  }
  const items = await loadItems(ctx.redis, prefix, campaignId);
  const chunk = deps.fanOutChunk ?? DEFAULT_CHUNK;
  for (const item of items.slice(offset, offset + chunk)) await postItem(deps, campaign, item);
  if (offset + chunk < items.length) {
    await queueFanOut(ctx, campaignId, offset + chunk);
    return 'chunk-posted';
  }
  const { campaign: open } = await changeCampaign(ctx.redis, prefix, campaignId, (c) =>
    c.status === 'starting' ? { next: { ...c, status: 'open' }, result: true } : { refuse: false },
  );
  if (open.status === 'closed') return 'closed';
  await upsertReminders(ctx, campaignId);
  await queueDeadlineClose(ctx, campaignId, new Date(open.deadline));
  await refreshStatus(ctx, deps, open);
  return 'open';
}
