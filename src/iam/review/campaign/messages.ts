import type { AppContext } from '../../../platform/context.js';
import { postedMessageTs } from '../../../slack/outbox/index.js';
import { asKnownBlocks, buildItemMessage, buildStatusMessage } from './blocks.js';
import type { CampaignDeps } from './deps.js';
import { type Campaign, type CampaignItem, itemMessageKey, statusMessageKey } from './model.js';
import { loadItems } from './store.js';

/**
 * The campaign's messages, always through the outbox: posted once per idempotency key and then
 * updated in place (the outbox waits for the post and coalesces updates).
 */

/** The ts of a message the outbox posted under `key`, once it has been posted. */
export async function postedTs(ctx: AppContext, key: string): Promise<string | undefined> {
  return postedMessageTs(ctx.redis, ctx.config.redis.prefix, key);
}

export async function postItem(deps: CampaignDeps, campaign: Campaign, item: CampaignItem): Promise<void> {
  const message = buildItemMessage(campaign, item);
  await deps.outbox.postMessage({
    idempotencyKey: itemMessageKey(campaign.id, item),
    channel: item.reviewer.id,
    text: message.text,
    blocks: asKnownBlocks(message.blocks),
  });
}

/** Shows the item's current state on its current round's message. */
export async function refreshItem(deps: CampaignDeps, campaign: Campaign, item: CampaignItem): Promise<void> {
  const message = buildItemMessage(campaign, item);
  await deps.outbox.updateMessage({
    postedKey: itemMessageKey(campaign.id, item),
    channel: item.reviewer.id,
    text: message.text,
    blocks: asKnownBlocks(message.blocks),
  });
}

export async function postStatus(
  deps: CampaignDeps,
  campaign: Campaign,
  items: readonly CampaignItem[],
): Promise<void> {
  const message = buildStatusMessage(campaign, items);
  await deps.outbox.postMessage({
    idempotencyKey: statusMessageKey(campaign.id),
    channel: campaign.statusChannel,
    text: message.text,
    blocks: asKnownBlocks(message.blocks),
  });
}

/** Re-renders the status message from the stored items (decided / pending by owner). */
export async function refreshStatus(ctx: AppContext, deps: CampaignDeps, campaign: Campaign): Promise<void> {
  const items = await loadItems(ctx.redis, ctx.config.redis.prefix, campaign.id);
  const message = buildStatusMessage(campaign, items);
  await deps.outbox.updateMessage({
    postedKey: statusMessageKey(campaign.id),
    channel: campaign.statusChannel,
    text: message.text,
    blocks: asKnownBlocks(message.blocks),
  });
}
