import type { KnownBlock } from '@slack/types';
import type { Redis } from 'ioredis';
import type { Logger } from '../../log/logger.js';
import type { Outbox } from '../../slack/outbox/outbox.js';
import { buildDigestBlocks } from '../message.js';
import type { BuiltDigest } from './build.js';
import { isoWeekKey } from './week.js';

/** The guard is held for the week plus a margin, so a late retry cannot post the same week twice. */
const GUARD_TTL_S = 9 * 24 * 3600;

export interface PostDigestInput {
  readonly redis: Redis;
  readonly prefix: string;
  readonly outbox: Outbox;
  readonly logger: Logger;
  readonly channel: string;
  readonly now: Date;
  readonly timeZone: string;
  /** Built only when this run is the one that posts. */
  readonly build: () => Promise<BuiltDigest>;
}

/**
 * Posts a channel's digest once per ISO week. Two guards: a Redis SET NX on (channel, week), so a
 * second scheduler replica or a retry does not even redo the work, and the outbox's idempotency
 * key on the post itself. The guard is released if building fails, so a retry can post. The
 * chart goes up as a file after the message; when it could not be drawn the message carries
 * every figure as text.
 */
export async function postWeeklyDigest(input: PostDigestInput): Promise<'posted' | 'already-posted'> {
  const week = isoWeekKey(input.now, input.timeZone);
  const guard = `${input.prefix}:digest:${input.channel}:${week}`;
  if (!(await input.redis.set(guard, 'posting', 'EX', GUARD_TTL_S, 'NX'))) return 'already-posted';
  let digest: BuiltDigest;
  try {
    digest = await input.build();
    const message = buildDigestBlocks(digest.figures, digest.scorecard, digest.options);
    await input.outbox.postMessage({
      idempotencyKey: `digest.${input.channel}.${week}`,
      channel: input.channel,
      text: message.text,
      blocks: message.blocks as unknown as KnownBlock[],
    });
  } catch (error) {
    await input.redis.del(guard);
    throw error;
  }
  if (digest.chart) {
    await input.outbox.uploadFile({
      idempotencyKey: `digest-chart.${input.channel}.${week}`,
      channel: input.channel,
      filename: `watchkeeper-digest-${week}.png`,
      title: `Incidents per day and MTTA per week (${week})`,
      content: digest.chart,
    });
  }
  await input.redis.set(guard, 'posted', 'EX', GUARD_TTL_S);
  input.logger.info({ channel: input.channel, week }, 'weekly digest posted');
  return 'posted';
}
