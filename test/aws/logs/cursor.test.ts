import type { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  cursorAfter,
  isBehind,
  logWatchCursorKey,
  RedisLogCursorStore,
} from '../../../src/aws/logs/cursor.js';
import { deletePrefix, testRedisClient, uniquePrefix } from '../../support/redis.js';
import { ACCOUNT, LOG_GROUP, REGION } from './logs-test-kit.js';

const redis: Redis = testRedisClient();
const prefix = uniquePrefix('cursor');
const KEY = logWatchCursorKey(ACCOUNT, REGION, LOG_GROUP, 'cis-iam-policy-changes');

afterEach(async () => deletePrefix(redis, prefix));
afterAll(async () => {
  await redis.quit();
});

describe('log cursor rules', () => {
  it('treats earlier events and seen ids at the cursor millisecond as behind it', () => {
    const cursor = { timestampMs: 100, eventIds: ['a'] };
    expect(isBehind(cursor, 99, 'z')).toBe(true);
    expect(isBehind(cursor, 100, 'a')).toBe(true);
    expect(isBehind(cursor, 100, 'b')).toBe(false);
    expect(isBehind(cursor, 101, 'a')).toBe(false);
    expect(isBehind(undefined, 0, 'a')).toBe(false);
  });

  it('moves to the latest timestamp and keeps every id at it', () => {
    const next = cursorAfter({ timestampMs: 100, eventIds: ['a'] }, [
      { timestampMs: 100, eventId: 'b' },
      { timestampMs: 120, eventId: 'c' },
      { timestampMs: 120, eventId: 'd' },
      { timestampMs: 90, eventId: 'e' },
    ]);
    expect(next).toEqual({ timestampMs: 120, eventIds: ['c', 'd'] });
  });
});

describe('RedisLogCursorStore', () => {
  it('stores, merges ids at the same millisecond, and never moves back', async () => {
    const store = new RedisLogCursorStore(redis, prefix);
    expect(await store.get(KEY)).toBeUndefined();
    await store.advance(KEY, { timestampMs: 1_747_728_153_000, eventIds: ['a'] });
    await store.advance(KEY, { timestampMs: 1_747_728_153_000, eventIds: ['b', 'a'] });
    expect(await store.get(KEY)).toEqual({ timestampMs: 1_747_728_153_000, eventIds: ['a', 'b'] });
    await store.advance(KEY, { timestampMs: 1_747_728_100_000, eventIds: ['old'] });
    expect(await store.get(KEY)).toEqual({ timestampMs: 1_747_728_153_000, eventIds: ['a', 'b'] });
    await store.advance(KEY, { timestampMs: 1_747_728_200_001, eventIds: [] });
    expect(await store.get(KEY)).toEqual({ timestampMs: 1_747_728_200_001, eventIds: [] });
    await store.advance(KEY, { timestampMs: 1_747_728_200_001, eventIds: [] });
    expect(await store.get(KEY)).toEqual({ timestampMs: 1_747_728_200_001, eventIds: [] });
  });

  it('treats a corrupt value as no cursor', async () => {
    await redis.set(`${prefix}:${KEY}`, '{"timestampMs":"soon"}');
    expect(await new RedisLogCursorStore(redis, prefix).get(KEY)).toBeUndefined();
  });
});
