import type { KnownBlock } from '@slack/types';
import { type Job, UnrecoverableError } from 'bullmq';
import type { AppContext } from '../../platform/context.js';
import { delayJob, handleSlackFailure } from './delay.js';
import { messageContentSchema, messageUpdateJobSchema } from './jobs.js';
import { outboxKeys } from './keys.js';
import { digest } from './producer.js';
import { type BucketOptions, takeToken } from './token-bucket.js';

/** An update waits this long for its message to be posted, then gives up. */
const MAX_POST_WAIT_MS = 15 * 60_000;

/**
 * Sends the newest stored content of a posted message with chat.update. A job whose version is
 * older than the stored content leaves the work to the newer job (so bursts coalesce and an old
 * content is never sent after a newer one); a message not posted yet is waited for.
 */
export async function processMessageUpdateJob(
  job: Job,
  ctx: AppContext,
  token: string | undefined,
  bucket: BucketOptions,
): Promise<string> {
  const data = messageUpdateJobSchema.parse(job.data);
  const keys = outboxKeys(ctx.config.redis.prefix);
  const now = () => ctx.now().getTime();
  const raw = await ctx.redis.get(keys.messageContent(digest(data.postedKey)));
  if (raw === null) throw new UnrecoverableError('the content of this message update expired');
  const content = messageContentSchema.parse(JSON.parse(raw));
  if (content.version > data.version) return 'superseded';
  const [ts, postedIn] = await ctx.redis.mget(keys.sent(data.postedKey), keys.sentChannel(data.postedKey));
  if (!ts) {
    if (now() - job.timestamp > MAX_POST_WAIT_MS)
      throw new UnrecoverableError('the message to update was never posted; update dropped after waiting');
    return await delayJob(job, token, now(), 1_000);
  }
  const budget = await takeToken(ctx.redis, keys.bucket(data.channel), bucket, now());
  if (!budget.ok) return await delayJob(job, token, now(), budget.waitMs);
  try {
    await ctx.slack.chat.update({
      // chat.update needs the channel Slack posted in (a DM's D… id, not the user id posted to).
      channel: postedIn ?? data.channel,
      ts,
      text: content.text,
      ...(content.blocks ? { blocks: content.blocks as KnownBlock[] } : {}),
    });
  } catch (error) {
    return await handleSlackFailure(error, job, token, now(), 'a message update');
  }
  return 'updated';
}
