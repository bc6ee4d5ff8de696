import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';

/** The run's private Redis (started by test/support/global-setup.ts). */
export function testRedisUrl(): string {
  return inject('redisUrl');
}

/** A queue/key prefix nobody else in the run uses. */
export function uniquePrefix(label = 't'): string {
  return `${label}-${randomBytes(5).toString('hex')}`;
}

/** A plain client for assertions; close it in afterAll/afterEach. */
export function testRedisClient(): Redis {
  return new Redis(testRedisUrl(), { maxRetriesPerRequest: 3 });
}

/** Removes every key under a prefix (never FLUSHDB: the Redis may be shared via REDIS_URL). */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}
