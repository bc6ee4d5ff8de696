import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardDutyCursorKey, RedisCursorStore } from '../../../src/aws/guardduty/sync-cursor.js';
import { deletePrefix, testRedisClient, uniquePrefix } from '../../support/redis.js';

let redis: Redis;
let prefix: string;

beforeAll(() => {
  redis = testRedisClient();
  prefix = uniquePrefix('gd-cursor');
});

afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('RedisCursorStore (real Redis)', () => {
  it('has no cursor for an account and region never synced', async () => {
    const store = new RedisCursorStore(redis, prefix);
    expect(await store.get(guardDutyCursorKey('210987654321', 'eu-west-1', 'det-new'))).toBeUndefined();
  });

  it('stores the cursor under the prefix and a key naming account, region and detector', async () => {
    const store = new RedisCursorStore(redis, prefix);
    const key = guardDutyCursorKey('210987654321', 'eu-west-1', 'det-a');
    await store.set(key, 1_741_939_773_871);
    expect(await store.get(key)).toBe(1_741_939_773_871);
    expect(await redis.get(`${prefix}:guardduty-sync-cursor:210987654321:eu-west-1:det-a`)).toBe(
      '1741939773871',
    );
  });

  it('never moves the cursor back', async () => {
    const store = new RedisCursorStore(redis, prefix);
    const key = guardDutyCursorKey('210987654321', 'eu-west-1', 'det-b');
    await store.set(key, 2_000);
    await store.set(key, 1_000);
    expect(await store.get(key)).toBe(2_000);
    await store.set(key, 3_000);
    expect(await store.get(key)).toBe(3_000);
  });

  it('keeps regions and prefixes apart', async () => {
    const store = new RedisCursorStore(redis, prefix);
    const other = new RedisCursorStore(redis, `${prefix}-other`);
    await store.set(guardDutyCursorKey('210987654321', 'eu-west-1', 'det-c'), 10);
    expect(await store.get(guardDutyCursorKey('210987654321', 'us-east-1', 'det-c'))).toBeUndefined();
    expect(await other.get(guardDutyCursorKey('210987654321', 'eu-west-1', 'det-c'))).toBeUndefined();
  });

  it('reads a corrupt value as no cursor, and a later set repairs it', async () => {
    const store = new RedisCursorStore(redis, prefix);
    const key = guardDutyCursorKey('210987654321', 'eu-west-1', 'det-d');
    await redis.set(`${prefix}:${key}`, 'yesterday');
    expect(await store.get(key)).toBeUndefined();
    await store.set(key, 42);
    expect(await store.get(key)).toBe(42);
  });

  it('refuses a value that is not epoch milliseconds', async () => {
    const store = new RedisCursorStore(redis, prefix);
    await expect(store.set('k', 1.5)).rejects.toThrow(RangeError);
    await expect(store.set('k', Number.NaN)).rejects.toThrow(RangeError);
  });
});
