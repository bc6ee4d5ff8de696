import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEvictionPolicy, createRedis, waitForReady } from '../../src/platform/redis.js';
import { captureLogs } from '../support/log-capture.js';
import { testRedisUrl } from '../support/redis.js';
import { type PrivateRedis, startPrivateRedis } from '../support/redis-server.js';

describe('the Redis eviction-policy check', () => {
  let lru: PrivateRedis;
  beforeAll(async () => {
    lru = await startPrivateRedis({ maxmemoryPolicy: 'allkeys-lru' });
  });
  afterAll(async () => {
    await lru.stop();
  });

  it('warns clearly when maxmemory-policy is not noeviction', async () => {
    const { logger, text } = captureLogs();
    const redis = createRedis(lru.url, 'producer', logger);
    await waitForReady(redis);
    expect(await checkEvictionPolicy(redis, logger)).toBe('allkeys-lru');
    expect(text()).toMatch(/maxmemory-policy is \\"allkeys-lru\\", not \\"noeviction\\"/);
    redis.disconnect();
  });

  it('stays quiet on noeviction', async () => {
    const { logger, text } = captureLogs();
    const redis = createRedis(testRedisUrl(), 'producer', logger);
    await waitForReady(redis);
    expect(await checkEvictionPolicy(redis, logger)).toBe('noeviction');
    expect(text()).not.toMatch(/maxmemory-policy/);
    redis.disconnect();
  });

  it('fails fast for producers while Redis is down instead of queueing commands', async () => {
    const redis = createRedis('redis://127.0.0.1:1', 'producer');
    await expect(redis.ping()).rejects.toThrow();
    redis.disconnect();
  });
});
