import type { Redis } from 'ioredis';
import type { Logger } from '../../platform/log/logger.js';
import type { BuiltDigest } from './build.js';
import { type SendDigestInput, sendDigest } from './send.js';
import { isoWeekKey } from './week.js';

/** Once posted, the week stays taken for the week plus a margin, so a late run cannot post it twice. */
const GUARD_TTL_S = 9 * 24 * 3600;
/** While posting, the claim names its owner and lapses if that owner dies and is never retried. */
const CLAIM_TTL_S = 15 * 60;

/** Claims (channel, week) for `owner`: free, or already claimed by the same owner (its retry). */
const CLAIM = `
local current = redis.call('GET', KEYS[1])
if current == false then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) return 1 end
if current == ARGV[1] then redis.call('EXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0
`;

export interface PostDigestInput {
  readonly redis: Redis;
  readonly prefix: string;
  readonly outbox: SendDigestInput['outbox'];
  readonly logger: Logger;
  readonly channel: string;
  readonly now: Date;
  readonly timeZone: string;
  /**
   * Who is posting: the job id. A retry of the same job (after a crash or a stalled-job recovery)
   * may take over its own claim; anyone else finds the week taken.
   */
  readonly owner: string;
  /** Built only when this run is the one that posts. */
  readonly build: () => Promise<BuiltDigest>;
}

/**
 * Posts a channel's digest once per ISO week. Two guards: a Redis SET NX on (channel, week), so a
 * second scheduler replica or a retry does not even redo the work, and the outbox's idempotency
 * key on the post itself. The guard is released if building or queueing fails, so a retry can
 * post. The chart is part of the one message (see send.ts); when it could not be drawn the
 * message carries its figures as text.
 */
export async function postWeeklyDigest(input: PostDigestInput): Promise<'posted' | 'already-posted'> {
  const week = isoWeekKey(input.now, input.timeZone);
  const guard = `${input.prefix}:digest:${input.channel}:${week}`;
  const claim = `posting:${input.owner}`;
  if (Number(await input.redis.eval(CLAIM, 1, guard, claim, CLAIM_TTL_S)) !== 1) return 'already-posted';
  let digest: BuiltDigest;
  try {
    digest = await input.build();
    await sendDigest({
      outbox: input.outbox,
      channel: input.channel,
      idempotencyKey: `digest.${input.channel}.${week}`,
      digest,
      filename: `watchkeeper-digest-${week}.png`,
    });
  } catch (error) {
    await input.redis.del(guard);
    throw error;
  }
  await input.redis.set(guard, 'posted', 'EX', GUARD_TTL_S);
  input.logger.info({ channel: input.channel, week }, 'weekly digest posted');
  return 'posted';
}
