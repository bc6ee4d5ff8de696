import { setTimeout as sleep } from 'node:timers/promises';
import type { KnownBlock } from '@slack/types';
import { type Job, UnrecoverableError } from 'bullmq';
import type { AppContext } from '../../platform/context.js';
import { cardMetadata, findPostedCard } from './card-adoption.js';
import { delayJob, handleSlackFailure, slackAnswered } from './delay.js';
import { cardJobSchema } from './jobs.js';
import { outboxKeys } from './keys.js';
import type { CardRenderer } from './outbox.js';
import { type BucketOptions, takeToken } from './token-bucket.js';

export interface CardProcessorOptions {
  readonly renderCard: CardRenderer;
  readonly cardUpdateIntervalMs: number;
  readonly bucket: BucketOptions;
}

const POSTING_LOCK_MS = 60_000;
/** Longer than any job waits between tries, so a lost post is still searched for when retried. */
const POST_TRIED_TTL_MS = 24 * 60 * 60_000;
/** How long a worker keeps trying to store a posted card's ts while Redis is unreachable. */
const STORE_RETRY_MS = 30_000;

/** HSET with retries: the producer connection fails fast, so a Redis blip is waited out here. */
async function storeCardRef(ctx: AppContext, key: string, fields: Record<string, string>): Promise<void> {
  const deadline = Date.now() + STORE_RETRY_MS;
  for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
    try {
      await ctx.redis.hset(key, fields);
      return;
    } catch (error) {
      if (Date.now() + wait > deadline) throw error;
      ctx.logger.warn({ err: error, key }, 'could not store a posted card; retrying');
      await sleep(wait);
    }
  }
}

/**
 * Makes one incident's card show its latest state. A job per requested version; a job whose
 * version is already shown, or older than the newest asked for, does nothing (coalescing: in a
 * storm only the newest job sends, and it renders the state current at send time). The first
 * send posts under a per-incident lock and stores channel+ts before releasing it; later sends
 * update in place, at most once per `cardUpdateIntervalMs`. A first post whose answer was lost
 * (Slack posted, we did not hear, or Redis went away before the ts was stored) is found again
 * by its metadata before anything is posted twice.
 */
export async function processCardJob(
  job: Job,
  ctx: AppContext,
  token: string | undefined,
  options: CardProcessorOptions,
): Promise<string> {
  const data = cardJobSchema.parse(job.data);
  const keys = outboxKeys(ctx.config.redis.prefix);
  const redis = ctx.redis;
  const now = () => ctx.now().getTime();

  const wanted = Number((await redis.get(keys.wanted(data.incidentId))) ?? 0);
  if (data.version < wanted) return 'superseded';
  const card = await redis.hgetall(keys.card(data.incidentId));
  if (Number(card.sentVersion ?? 0) >= data.version) return 'already-shown';

  const rendered = await options.renderCard(data.incidentId);
  if (!rendered)
    throw new UnrecoverableError(`incident ${data.incidentId} no longer exists; its card cannot be drawn`);
  const blocks = rendered.blocks as KnownBlock[];

  if (!card.ts) {
    const locked = await redis.set(
      keys.posting(data.incidentId),
      String(job.id),
      'PX',
      POSTING_LOCK_MS,
      'NX',
    );
    if (!locked) return await delayJob(job, token, now(), 1_000);
    try {
      // Another worker may have posted and released the lock since we looked.
      const ts = await redis.hget(keys.card(data.incidentId), 'ts');
      if (ts) return await delayJob(job, token, now(), 0);
      // An earlier try may have been posted by Slack without us hearing back: adopt that card.
      if (await redis.exists(keys.postTried(data.incidentId))) {
        let found: { channel: string; ts: string } | undefined;
        try {
          found = await findPostedCard(ctx.slack, data.channel, data.incidentId);
        } catch (error) {
          return await handleSlackFailure(
            error,
            job,
            token,
            now(),
            `the search for ${data.incidentId}'s card`,
          );
        }
        await slackAnswered(job);
        if (found) {
          // Stored as version 0 so the state current now is drawn on it by an update.
          await storeCardRef(ctx, keys.card(data.incidentId), { ...found, sentVersion: '0', updatedAt: '0' });
          await redis.del(keys.postTried(data.incidentId));
          return await delayJob(job, token, now(), 0);
        }
      }
      const budget = await takeToken(redis, keys.bucket(data.channel), options.bucket, now());
      if (!budget.ok) return await delayJob(job, token, now(), budget.waitMs);
      await redis.set(keys.postTried(data.incidentId), String(now()), 'PX', POST_TRIED_TTL_MS);
      let posted: { ts?: string; channel?: string };
      try {
        posted = await ctx.slack.chat.postMessage({
          channel: data.channel,
          text: rendered.text,
          blocks,
          metadata: cardMetadata(data.incidentId),
          unfurl_links: false,
          unfurl_media: false,
        });
      } catch (error) {
        return await handleSlackFailure(error, job, token, now(), `the card of ${data.incidentId}`);
      }
      // Slack has the card: its ts must be stored even if Redis is away for a while, or the next
      // try would have to find it again (it would, through postTried and the metadata).
      await storeCardRef(ctx, keys.card(data.incidentId), {
        channel: posted.channel ?? data.channel,
        ts: String(posted.ts),
        sentVersion: String(rendered.version),
        updatedAt: String(now()),
      });
      await redis.del(keys.postTried(data.incidentId));
      return 'posted';
    } finally {
      await redis.del(keys.posting(data.incidentId));
    }
  }

  const nextAllowed = Number(card.updatedAt ?? 0) + options.cardUpdateIntervalMs;
  if (now() < nextAllowed) return await delayJob(job, token, now(), nextAllowed - now());
  try {
    await ctx.slack.chat.update({ channel: String(card.channel), ts: card.ts, text: rendered.text, blocks });
  } catch (error) {
    return await handleSlackFailure(error, job, token, now(), `the update of ${data.incidentId}'s card`);
  }
  await redis.hset(keys.card(data.incidentId), {
    sentVersion: String(rendered.version),
    updatedAt: String(now()),
  });
  return 'updated';
}
