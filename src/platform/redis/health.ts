import { Cluster, type Redis } from 'ioredis';
import type { Logger } from '../log/logger.js';
import type { RedisConnection } from './connect.js';

/** Resolves once the connection is ready, or rejects after `timeoutMs`. */
export async function waitForReady(redis: RedisConnection, timeoutMs = 5_000): Promise<void> {
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
 * job keys under memory pressure, which silently loses alerts. On a cluster every primary is
 * asked. Managed Redis may forbid CONFIG, so an unreadable policy is reported as unknown, not as
 * an error.
 */
export async function checkEvictionPolicy(
  redis: RedisConnection,
  logger: Logger,
): Promise<string | undefined> {
  const nodes: Redis[] = redis instanceof Cluster ? redis.nodes('master') : [redis];
  let seen: string | undefined;
  for (const node of nodes) {
    let policy: string | undefined;
    try {
      const reply = (await node.config('GET', 'maxmemory-policy')) as string[];
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
      return policy;
    }
    seen = policy;
  }
  return seen;
}
