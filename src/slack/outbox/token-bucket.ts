import type { Redis } from 'ioredis';
import { redisScript } from '../../platform/redis/script.js';

/**
 * A token bucket in Redis, shared by every process: Slack allows about one message per second
 * per channel with short bursts, and BullMQ's open-source limiter is per queue, not per channel.
 * The script refills by elapsed time and takes one token atomically, or says how long to wait.
 * Time comes from the caller (an injectable clock), never from Redis.
 */
const TAKE = `
local key = KEYS[1]
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', key, 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil then tokens = capacity; at = now end
if now > at then tokens = math.min(capacity, tokens + (now - at) * rate / 1000); at = now end
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) * 1000 / rate) end
redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(at))
redis.call('PEXPIRE', key, math.ceil(capacity * 1000 / rate) + 60000)
return wait
`;
const TAKE_SCRIPT = redisScript('takeToken', 1, TAKE);

export interface BucketOptions {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

export const SLACK_CHANNEL_BUCKET: BucketOptions = { capacity: 3, refillPerSecond: 1 };

export type TakeResult = { readonly ok: true } | { readonly ok: false; readonly waitMs: number };

export async function takeToken(
  redis: Redis,
  key: string,
  bucket: BucketOptions,
  nowMs: number,
): Promise<TakeResult> {
  const wait = Number(await TAKE_SCRIPT.run(redis, [key], [bucket.capacity, bucket.refillPerSecond, nowMs]));
  return wait === 0 ? { ok: true } : { ok: false, waitMs: wait };
}
