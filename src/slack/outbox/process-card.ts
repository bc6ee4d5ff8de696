import type { KnownBlock } from '@slack/types';
import { type Job, UnrecoverableError } from 'bullmq';
import type { AppContext } from '../../platform/context.js';
import { delayJob, handleSlackFailure } from './delay.js';
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

/**
 * Makes one incident's card show its latest state. A job per requested version; a job whose
 * version is already shown, or older than the newest asked for, does nothing (coalescing: in a
 * storm only the newest job sends, and it renders the state current at send time). The first
 * send posts under a per-incident lock and stores channel+ts before releasing it; later sends
 * update in place, at most once per `cardUpdateIntervalMs`.
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
      const budget = await takeToken(redis, keys.bucket(data.channel), options.bucket, now());
      if (!budget.ok) return await delayJob(job, token, now(), budget.waitMs);
      let posted: { ts?: string; channel?: string };
      try {
        posted = await ctx.slack.chat.postMessage({
          channel: data.channel,
          text: rendered.text,
          blocks,
          unfurl_links: false,
          unfurl_media: false,
        });
      } catch (error) {
        return await handleSlackFailure(error, job, token, now(), `the card of ${data.incidentId}`);
      }
      // The one window left: a crash between Slack's answer and this write posts the card again
      // on retry. It is a few milliseconds wide; everything else is idempotent.
      await redis.hset(keys.card(data.incidentId), {
        channel: posted.channel ?? data.channel,
        ts: String(posted.ts),
        sentVersion: String(rendered.version),
        updatedAt: String(now()),
      });
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
