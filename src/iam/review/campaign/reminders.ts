import type { AppContext } from '../../../platform/context.js';
import { asKnownBlocks, buildReminderMessage } from './blocks.js';
import { closeCampaign } from './close.js';
import type { CampaignDeps } from './deps.js';
import { removeReminders } from './jobs.js';
import { postedTs } from './messages.js';
import { type CampaignItem, isPending, itemMessageKey, reminderMessageKey } from './model.js';
import { loadCampaign, loadItems } from './store.js';

/**
 * One reminder run: every `reminderEveryHours` since the start is a slot, and each reviewer with
 * pending items gets one reminder per slot (the idempotency key names the slot), threaded on
 * their first pending item's message. Slot 0 is the start itself: the items were just posted.
 * At or after the deadline the run closes the campaign instead (and its scheduler goes).
 */

export type ReminderResult = 'reminded' | 'too-early' | 'closed' | 'nothing-pending';

export async function runReminders(
  ctx: AppContext,
  deps: CampaignDeps,
  campaignId: string,
  at: Date,
): Promise<{ result: ReminderResult; reviewers: readonly string[] }> {
  const prefix = ctx.config.redis.prefix;
  const campaign = await loadCampaign(ctx.redis, prefix, campaignId);
  if (!campaign || campaign.status === 'closed') {
    await removeReminders(ctx, campaignId);
    return { result: 'closed', reviewers: [] };
  }
  if (at.getTime() >= Date.parse(campaign.deadline)) {
    await closeCampaign(ctx, deps, campaignId, 'watchkeeper');
    return { result: 'closed', reviewers: [] };
  }
  const every = ctx.config.accessReview.campaign.reminderEveryHours * 3_600_000;
  const slot = Math.floor((at.getTime() - Date.parse(campaign.startedAt)) / every);
  if (slot < 1) return { result: 'too-early', reviewers: [] };

  const byReviewer = new Map<string, CampaignItem[]>();
  for (const item of (await loadItems(ctx.redis, prefix, campaignId)).filter(isPending)) {
    const list = byReviewer.get(item.reviewer.id) ?? [];
    list.push(item);
    byReviewer.set(item.reviewer.id, list);
  }
  if (byReviewer.size === 0) return { result: 'nothing-pending', reviewers: [] };
  const outbox = deps.outbox;
  for (const [reviewer, pending] of byReviewer) {
    const first = pending[0];
    const threadTs = first ? await postedTs(ctx, itemMessageKey(campaignId, first)) : undefined;
    const message = buildReminderMessage(campaign, pending);
    await outbox.postMessage({
      idempotencyKey: reminderMessageKey(campaignId, slot, reviewer),
      channel: reviewer,
      text: message.text,
      blocks: asKnownBlocks(message.blocks),
      ...(threadTs ? { threadTs } : {}),
    });
  }
  return { result: 'reminded', reviewers: [...byReviewer.keys()] };
}
