import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from './log/logger.js';

/**
 * The one place Redis connections are made. Workers block on Redis and must ride out outages
 * (`maxRetriesPerRequest: null`); producers (HTTP handlers, Slack acks) must fail fast so the
 * sender gets a 503 and retries, instead of a request hanging on an offline queue.
 */
export type ConnectionPurpose = 'worker' | 'producer';

export function createRedis(url: string, purpose: ConnectionPurpose, logger?: Logger): Redis {
  const options: RedisOptions =
    purpose === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : {
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          connectTimeout: 2_000,
          commandTimeout: 2_000,
        };
  const redis = new Redis(url, {
    ...options,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(250 * 2 ** Math.min(attempt, 6), 5_000),
  });
  // Without a listener ioredis prints unhandled 'error' events; log them once per state change.
  let lastError = '';
  redis.on('error', (error: Error) => {
    if (error.message === lastError) return;
    lastError = error.message;
    logger?.warn({ purpose, err: { message: error.message } }, 'redis connection error');
  });
  redis.on('ready', () => {
    if (lastError) logger?.info({ purpose }, 'redis connection restored');
    lastError = '';
  });
  return redis;
}

/** Resolves once the connection is ready, or rejects after `timeoutMs`. */
export async function waitForReady(redis: Redis, timeoutMs = 5_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis was not ready within ${timeoutMs} ms (status ${redis.status})`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
    };
    redis.on('ready', onReady);
  });
}

/**
 * BullMQ is only correct with `maxmemory-policy noeviction`: any other policy lets Redis evict
 * job keys under memory pressure, which silently loses alerts. Managed Redis may forbid CONFIG,
 * so an unreadable policy is reported as unknown, not as an error.
 */
export async function checkEvictionPolicy(redis: Redis, logger: Logger): Promise<string | undefined> {
  let policy: string | undefined;
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    policy = reply[1];
  } catch (error) {
    logger.warn(
      { err: { message: (error as Error).message } },
      'could not read Redis maxmemory-policy; make sure it is noeviction',
    );
    return undefined;
  }
  if (policy !== 'noeviction') {
    logger.warn(
      { maxmemoryPolicy: policy },
      `Redis maxmemory-policy is "${policy}", not "noeviction": under memory pressure Redis may evict queued alerts. Set maxmemory-policy noeviction (redis.conf, or your provider's parameter group).`,
    );
  }
  return policy;
}
