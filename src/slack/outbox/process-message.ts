import type { KnownBlock } from '@slack/types';
import { type Job, UnrecoverableError } from 'bullmq';
import type { AppContext } from '../../platform/context.js';
import { delayJob, handleSlackFailure, pollWaitMs } from './delay.js';
import { ephemeralJobSchema, fileJobSchema, type MessageJob, messageJobSchema } from './jobs.js';
import { outboxKeys } from './keys.js';
import { classifySlackFailure } from './slack-errors.js';
import { type BucketOptions, takeToken } from './token-bucket.js';

const SENT_TTL_S = 30 * 24 * 3600;
/** A thread message waits this long for its incident's card to be posted, then gives up. */
const MAX_THREAD_WAIT_MS = 15 * 60_000;
/** How long an entry waits for the one before it in the thread; then it goes anyway (never deadlock). */
const MAX_ORDER_WAIT_MS = 2 * 60_000;
/** Between looks for the entry before (then for the card): first, and at most (see pollWaitMs). */
const ORDER_POLL_MS = { first: 250, max: 2_000 };
const CARD_POLL_MS = { first: 1_000, max: 5_000 };

/** Marks a place in the thread as done, only ever forward. */
const ADVANCE = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
return 1
`;

/**
 * What a message job reads before posting, in one round trip: whether it was sent already, how
 * far its incident's thread has been posted and the card's ts to reply under.
 */
async function firstLook(
  ctx: AppContext,
  data: MessageJob,
): Promise<{ sent: boolean; threadDone: number; cardTs: string | undefined }> {
  const keys = outboxKeys(ctx.config.redis.prefix);
  const thread = data.threadOfIncident;
  const look = ctx.redis.pipeline().exists(keys.sent(data.idempotencyKey));
  if (thread) look.get(keys.threadDone(thread)).hget(keys.card(thread), 'ts');
  const replies = (await look.exec()) ?? [];
  for (const [error] of replies) if (error) throw error;
  const [sent, done, ts] = replies.map(([, value]) => value);
  return {
    sent: Number(sent) > 0,
    threadDone: Number(typeof done === 'string' ? done : 0),
    cardTs: typeof ts === 'string' ? ts : undefined,
  };
}

/** Posts a message once per idempotency key, in the card's thread when asked, within the channel budget. */
export async function processMessageJob(
  job: Job,
  ctx: AppContext,
  token: string | undefined,
  bucket: BucketOptions,
): Promise<string> {
  const data = messageJobSchema.parse(job.data);
  const keys = outboxKeys(ctx.config.redis.prefix);
  const now = () => ctx.now().getTime();
  const advance = async () => {
    if (data.threadOfIncident && data.seq)
      await ctx.redis.eval(ADVANCE, 1, keys.threadDone(data.threadOfIncident), data.seq, SENT_TTL_S);
  };
  const look = await firstLook(ctx, data);
  if (look.sent) {
    await advance();
    return 'already-sent';
  }
  // Timeline entries keep the order they happened in: wait for the one before (bounded).
  const waited = now() - job.timestamp;
  if (data.threadOfIncident && data.seq && waited < MAX_ORDER_WAIT_MS) {
    if (data.seq > look.threadDone + 1)
      return await delayJob(job, token, now(), pollWaitMs(waited, ORDER_POLL_MS.first, ORDER_POLL_MS.max));
  }

  let threadTs = data.threadTs;
  if (data.threadOfIncident) {
    threadTs = look.cardTs;
    if (!threadTs) {
      if (waited > MAX_THREAD_WAIT_MS) {
        throw new UnrecoverableError(
          `the card of ${data.threadOfIncident} was never posted; thread message dropped after waiting`,
        );
      }
      return await delayJob(job, token, now(), pollWaitMs(waited, CARD_POLL_MS.first, CARD_POLL_MS.max));
    }
  }
  const budget = await takeToken(ctx.redis, keys.bucket(data.channel), bucket, now());
  if (!budget.ok) return await delayJob(job, token, now(), budget.waitMs);
  let posted: { ts?: string };
  try {
    posted = await ctx.slack.chat.postMessage({
      channel: data.channel,
      text: data.text,
      ...(data.blocks ? { blocks: data.blocks as KnownBlock[] } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      unfurl_links: data.unfurl ?? false,
      unfurl_media: data.unfurl ?? false,
      link_names: false,
    });
  } catch (error) {
    // A message Slack will never take must not hold back the ones after it.
    if (classifySlackFailure(error).kind === 'permanent') await advance();
    return await handleSlackFailure(error, job, token, now(), 'a message');
  }
  const postedIn = (posted as { channel?: string }).channel ?? data.channel;
  // Recorded as sent and its place in the thread marked done in one round trip.
  const record = ctx.redis
    .multi()
    .set(keys.sent(data.idempotencyKey), String(posted.ts), 'EX', SENT_TTL_S)
    .set(keys.sentChannel(data.idempotencyKey), postedIn, 'EX', SENT_TTL_S);
  if (data.threadOfIncident && data.seq)
    record.eval(ADVANCE, 1, keys.threadDone(data.threadOfIncident), data.seq, SENT_TTL_S);
  // Slack has the message: a failed write here must not make the job retry and post it again.
  const failed = ((await record.exec()) ?? []).filter(([error]) => error);
  if (failed.length > 0)
    ctx.logger.warn(
      { idempotencyKey: data.idempotencyKey, err: failed[0]?.[0] },
      'a posted message could not be recorded as sent',
    );
  return 'posted';
}

export async function processEphemeralJob(
  job: Job,
  ctx: AppContext,
  token: string | undefined,
): Promise<string> {
  const data = ephemeralJobSchema.parse(job.data);
  try {
    await ctx.slack.chat.postEphemeral({
      channel: data.channel,
      user: data.user,
      text: data.text,
      ...(data.blocks ? { blocks: data.blocks as KnownBlock[] } : {}),
    });
  } catch (error) {
    return await handleSlackFailure(error, job, token, ctx.now().getTime(), 'an ephemeral message');
  }
  return 'posted';
}

export async function processFileJob(
  job: Job,
  ctx: AppContext,
  token: string | undefined,
  bucket: BucketOptions,
): Promise<string> {
  const data = fileJobSchema.parse(job.data);
  const keys = outboxKeys(ctx.config.redis.prefix);
  const now = () => ctx.now().getTime();
  if (await ctx.redis.exists(keys.sent(data.idempotencyKey))) return 'already-sent';
  const budget = await takeToken(ctx.redis, keys.bucket(data.channel), bucket, now());
  if (!budget.ok) return await delayJob(job, token, now(), budget.waitMs);
  try {
    const upload = {
      channel_id: data.channel,
      file: Buffer.from(data.contentBase64, 'base64'),
      filename: data.filename,
      title: data.title,
      // Slack ignores blocks beside an initial_comment: blocks win, the comment is not sent.
      ...(data.blocks
        ? { blocks: data.blocks as KnownBlock[] }
        : data.initialComment
          ? { initial_comment: data.initialComment }
          : {}),
      ...(data.threadTs ? { thread_ts: data.threadTs } : {}),
    };
    // The SDK's argument type is a union that exactOptionalPropertyTypes cannot narrow to.
    await ctx.slack.filesUploadV2(upload as Parameters<typeof ctx.slack.filesUploadV2>[0]);
  } catch (error) {
    return await handleSlackFailure(error, job, token, now(), `the file ${data.filename}`);
  }
  await ctx.redis.set(keys.sent(data.idempotencyKey), 'uploaded', 'EX', SENT_TTL_S);
  return 'uploaded';
}
