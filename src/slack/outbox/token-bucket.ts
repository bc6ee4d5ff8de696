import type { Redis } from 'ioredis';
import { redisScript } from '../../platform/redis/script.js';

/**
 * A token bucket in Redis, shared by every process: Slack allows about one message per second
 * per channel with short bursts, and BullMQ's open-source limiter is per queue, not per channel.
 * The script refills by elapsed time and takes one token atomically, or says how long to wait.
 * Time comes from the caller (an injectable clock), never from Redis.
 *
 * Callers that must wait are given turns one refill apart (`next`, the last turn handed out), so
 * each comes back when a token is there for it. Told only "a token comes in 1 s", every waiter
 * of a busy channel came back at the same moment, one of them posted and the rest waited again:
 * a backlog of n messages in a channel cost about n²/2 wake-ups, most of a storm's queue work.
 * A turn reserves nothing: a post is still made only with a token taken, so the channel's rate
 * holds whoever comes back first. That lets a post someone is waiting for (`jump`: a report with a
 * button to press, an escalation page) come back with the next token instead of queueing behind a
 * storm's backlog; if it takes that token, the job whose turn it was gets a new one.
 */
const TAKE = `
local key = KEYS[1]
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', key, 'tokens', 'at', 'next')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil then tokens = capacity; at = now end
if now > at then tokens = math.min(capacity, tokens + (now - at) * rate / 1000); at = now end
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(at))
elseif ARGV[4] == '1' then
  wait = math.ceil((1 - tokens) * 1000 / rate)
  redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(at))
else
  local interval = 1000 / rate
  local ready = now + math.ceil((1 - tokens) * interval)
  local turn = tonumber(state[3]) or 0
  if turn < ready then turn = ready else turn = turn + math.ceil(interval) end
  wait = turn - now
  redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(at), 'next', tostring(turn))
end
redis.call('PEXPIRE', key, wait + math.ceil(capacity * 1000 / rate) + 60000)
return wait
`;
const TAKE_SCRIPT = redisScript('takeToken', 1, TAKE);

export interface BucketOptions {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

export const SLACK_CHANNEL_BUCKET: BucketOptions = { capacity: 3, refillPerSecond: 1 };

export type TakeResult = { readonly ok: true } | { readonly ok: false; readonly waitMs: number };

/**
 * Takes a token now, or says how long until this caller's turn (with `jump`, until the next
 * token, without taking a turn).
 */
export async function takeToken(
  redis: Redis,
  key: string,
  bucket: BucketOptions,
  nowMs: number,
  options: { readonly jump?: boolean } = {},
): Promise<TakeResult> {
  const wait = Number(
    await TAKE_SCRIPT.run(
      redis,
      [key],
      [bucket.capacity, bucket.refillPerSecond, nowMs, options.jump ? '1' : '0'],
    ),
  );
  return wait === 0 ? { ok: true } : { ok: false, waitMs: wait };
}
