import { setTimeout as sleep } from 'node:timers/promises';
import type { KnownBlock } from '@slack/types';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { AppContext } from '../../platform/context.js';
import { redisScript } from '../../platform/redis/script.js';
import { cardMetadata, findPostedCard } from './card-adoption.js';
import { delayJob, handleSlackFailure, slackAnswered } from './delay.js';
import { type CardJob, cardJobSchema } from './jobs.js';
import { outboxKeys } from './keys.js';
import type { CardRenderer } from './outbox.js';
import { CARD_QUEUED_TTL_MS } from './producer.js';
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
 * Ends a card job's run: if a newer version was asked for than the card now shows, the job must
 * serve it (1; the queued mark is refreshed), else the mark is cleared so the next request
 * queues a new job (0). Atomic with the producer's RAISE_AND_CLAIM on the same keys, so a
 * request arriving at any moment is served by this job or by a new one, never by neither.
 * After a chat.update, ARGV[2] and ARGV[3] are the version sent and when: recorded in the same
 * call, so an update costs one round trip to Redis after Slack, not two.
 */
const SETTLE = `
if ARGV[2] then redis.call('HSET', KEYS[3], 'sentVersion', ARGV[2], 'updatedAt', ARGV[3]) end
local wanted = tonumber(redis.call('GET', KEYS[1]) or '0')
local shown = tonumber(redis.call('HGET', KEYS[3], 'sentVersion') or '0')
if wanted > shown then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
  return 1
end
redis.call('DEL', KEYS[2])
return 0
`;
const SETTLE_SCRIPT = redisScript('outboxSettleCard', 3, SETTLE);

/**
 * A run's first look, in one round trip: refreshes the queued mark (the run may wait a while)
 * and reads the version wanted and the card's stored state. Pipelined, not scripted: nothing
 * here needs to be atomic (SETTLE decides), and a pipeline costs Redis no script call.
 */
async function openRun(
  ctx: AppContext,
  incidentId: string,
): Promise<{ wanted: number; card: Record<string, string> }> {
  const keys = outboxKeys(ctx.config.redis.prefix);
  const replies =
    (await ctx.redis
      .pipeline()
      .pexpire(keys.queued(incidentId), CARD_QUEUED_TTL_MS)
      .get(keys.wanted(incidentId))
      .hgetall(keys.card(incidentId))
      .exec()) ?? [];
  for (const [error] of replies) if (error) throw error;
  const wanted = replies[1]?.[1];
  const card = replies[2]?.[1];
  return {
    wanted: Number(typeof wanted === 'string' ? wanted : 0),
    card: (card ?? {}) as Record<string, string>,
  };
}

/**
 * Makes one incident's card show its latest state. Requests made while a job is queued only
 * raise the version wanted (see RAISE_AND_CLAIM in producer.ts), so one job serves a whole
 * burst: each run renders the state current at send time, and a run that ends with a newer
 * version wanted waits for the update interval and runs again. The first
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
  try {
    return await syncCard(job, data, ctx, token, options);
  } catch (error) {
    // A run that fails (not one that waits) gives up the queued mark, so the next request, or
    // this job's own retry, is not kept waiting for a job that is not coming.
    if (!(error instanceof DelayedError))
      await ctx.redis.del(keys.queued(data.incidentId)).catch(() => undefined);
    throw error;
  }
}

async function syncCard(
  job: Job,
  data: CardJob,
  ctx: AppContext,
  token: string | undefined,
  options: CardProcessorOptions,
): Promise<string> {
  const keys = outboxKeys(ctx.config.redis.prefix);
  const redis = ctx.redis;
  const now = () => ctx.now().getTime();
  /**
   * Settles the run (see SETTLE): done, or wait out the update interval and serve the newer
   * version. `sent`: the version a chat.update just showed, recorded in the same call.
   */
  const settle = async (outcome: string, sent?: { version: number; at: number }): Promise<string> => {
    const more = Number(
      await SETTLE_SCRIPT.run(
        redis,
        [keys.wanted(data.incidentId), keys.queued(data.incidentId), keys.card(data.incidentId)],
        [CARD_QUEUED_TTL_MS, ...(sent ? [String(sent.version), String(sent.at)] : [])],
      ),
    );
    if (more === 0) return outcome;
    return await delayJob(job, token, now(), options.cardUpdateIntervalMs);
  };

  const { wanted, card } = await openRun(ctx, data.incidentId);
  if (Number(card.sentVersion ?? 0) >= Math.max(wanted, data.version)) return await settle('already-shown');

  // Drawn only once the run is sure to send (the channel's budget taken, the update interval
  // passed): in a storm most runs wait, and each drew the whole card for nothing.
  const render = async () => {
    const rendered = await options.renderCard(data.incidentId);
    if (!rendered)
      throw new UnrecoverableError(`incident ${data.incidentId} no longer exists; its card cannot be drawn`);
    return { ...rendered, blocks: rendered.blocks as KnownBlock[] };
  };

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
      const rendered = await render();
      await redis.set(keys.postTried(data.incidentId), String(now()), 'PX', POST_TRIED_TTL_MS);
      let posted: { ts?: string; channel?: string };
      try {
        posted = await ctx.slack.chat.postMessage({
          channel: data.channel,
          text: rendered.text,
          blocks: rendered.blocks,
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
    } finally {
      await redis.del(keys.posting(data.incidentId));
    }
    return await settle('posted');
  }

  const nextAllowed = Number(card.updatedAt ?? 0) + options.cardUpdateIntervalMs;
  if (now() < nextAllowed) return await delayJob(job, token, now(), nextAllowed - now());
  const rendered = await render();
  try {
    await ctx.slack.chat.update({
      channel: String(card.channel),
      ts: card.ts,
      text: rendered.text,
      blocks: rendered.blocks,
    });
  } catch (error) {
    return await handleSlackFailure(error, job, token, now(), `the update of ${data.incidentId}'s card`);
  }
  return await settle('updated', { version: rendered.version, at: now() });
}
