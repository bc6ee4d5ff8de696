import type { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { RateBudgetTimeoutError, RedisRateBudget } from '../../../src/aws/logs/rate-budget.js';
import { deletePrefix, testRedisClient, uniquePrefix } from '../../support/redis.js';
import { ACCOUNT, FakeClock, REGION } from './logs-test-kit.js';

const redis: Redis = testRedisClient();
const prefixes: string[] = [];
const SCOPE = { accountId: ACCOUNT, region: REGION };

function budget(
  clock: FakeClock,
  options: { requestsPerSecond?: number; burst?: number; maxWaitMs?: number } = {},
) {
  const prefix = uniquePrefix('rate');
  prefixes.push(prefix);
  return new RedisRateBudget({ redis, prefix, now: clock.now, sleep: clock.sleep, ...options });
}

afterEach(async () => {
  for (const prefix of prefixes.splice(0)) await deletePrefix(redis, prefix);
});
afterAll(async () => {
  await redis.quit();
});

describe('RedisRateBudget', () => {
  it('spaces calls 250 ms apart at the default 4 per second', async () => {
    const clock = new FakeClock(Date.parse('2025-05-20T08:00:00Z'));
    const b = budget(clock);
    const start = clock.ms;
    const times: number[] = [];
    for (let i = 0; i < 9; i += 1) {
      await b.acquire(SCOPE);
      times.push(clock.ms - start);
    }
    expect(times).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000]);
  });

  it('never lets more than 5 calls into any one-second window, even with a burst of 4', async () => {
    const clock = new FakeClock(1_000_000);
    const b = budget(clock, { burst: 4 });
    const times: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      await b.acquire(SCOPE);
      times.push(clock.ms);
    }
    for (const t of times) {
      // A token bucket allows burst + rate x window: 4 + 4 = 8 in a second; over the full run it averages 4/s.
      expect(times.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(8);
    }
    expect(times.at(-1)! - times[0]!).toBe(4000);
  });

  it('says how long until the next token without taking one', async () => {
    const clock = new FakeClock(5_000_000);
    const b = budget(clock, { requestsPerSecond: 2 });
    expect(await b.tryTake(SCOPE)).toBe(0);
    expect(await b.tryTake(SCOPE)).toBe(500);
    clock.ms += 200;
    expect(await b.tryTake(SCOPE)).toBe(300);
    clock.ms += 300;
    expect(await b.tryTake(SCOPE)).toBe(0);
  });

  it('keeps one bucket per account and region', async () => {
    const clock = new FakeClock(7_000_000);
    const b = budget(clock);
    expect(await b.tryTake(SCOPE)).toBe(0);
    expect(await b.tryTake({ accountId: ACCOUNT, region: 'eu-west-1' })).toBe(0);
    expect(await b.tryTake({ accountId: '456789012345', region: REGION })).toBe(0);
    expect(await b.tryTake(SCOPE)).toBeGreaterThan(0);
  });

  it('shares the bucket between two budgets on the same Redis prefix (two replicas)', async () => {
    const clock = new FakeClock(9_000_000);
    const prefix = uniquePrefix('rate');
    prefixes.push(prefix);
    const a = new RedisRateBudget({ redis, prefix, now: clock.now, sleep: clock.sleep });
    const b = new RedisRateBudget({ redis, prefix, now: clock.now, sleep: clock.sleep });
    await a.acquire(SCOPE);
    await b.acquire(SCOPE);
    expect(clock.ms).toBe(9_000_250);
  });

  it('gives up after maxWaitMs when the bucket stays empty', async () => {
    const frozen = new FakeClock(11_000_000);
    // A clock that never moves: the token never comes back.
    const b = budget(frozen, { maxWaitMs: 1000 });
    const stuck = new RedisRateBudget({
      redis,
      prefix: prefixes.at(-1)!,
      now: frozen.now,
      sleep: async () => {},
      maxWaitMs: 1000,
    });
    await b.acquire(SCOPE);
    await expect(stuck.acquire(SCOPE)).rejects.toBeInstanceOf(RateBudgetTimeoutError);
  });
});
