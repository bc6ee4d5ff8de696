import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceTagsPort, Tags } from '../../src/aws/tagging/port.js';
import { createStaticResourceTagsPort } from '../../src/aws/tagging/static.js';
import {
  cachedTagsPort,
  createInFlightTags,
  type TagsCacheSettings,
  TagsUnavailableError,
  tagsCacheKey,
} from '../../src/ownership/tags-cache.js';
import { createSilentLogger } from '../../src/platform/log/logger.js';
import { deletePrefix, testRedisClient, uniquePrefix } from '../support/redis.js';

const ACCOUNT = '210987654321';
const REGION = 'eu-central-1';
const ROLE_ARN = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

let redis: Redis;
beforeAll(() => {
  redis = testRedisClient();
});
afterAll(async () => {
  await redis.quit();
});

/** A port over fixed tags that counts its calls, and can be told to hang or fail. */
function countingPort(behaviour: 'answer' | 'fail' | { release: Promise<void> } = 'answer') {
  const inner = createStaticResourceTagsPort({
    [ROLE_ARN('web-app-role')]: { Team: 'web' },
    [ROLE_ARN('api-role')]: { Team: 'api' },
    [ROLE_ARN('jobs-role')]: { Team: 'jobs' },
  });
  const counter = { calls: 0 };
  const port: ResourceTagsPort = {
    ...inner,
    async tagsForArn(arn: string): Promise<Tags> {
      counter.calls++;
      if (behaviour === 'fail') throw new Error('ThrottlingException: Rate exceeded');
      if (typeof behaviour === 'object') await behaviour.release;
      return inner.tagsForArn(arn);
    },
  };
  return { port, counter };
}

function cached(port: ResourceTagsPort, prefix: string, settings: TagsCacheSettings = {}, client = redis) {
  return cachedTagsPort({
    port,
    redis: client,
    prefix,
    accountId: ACCOUNT,
    region: REGION,
    logger: createSilentLogger(),
    inFlight: createInFlightTags(),
    settings,
  });
}

describe('cachedTagsPort', () => {
  it('asks once for concurrent and later questions about one resource, and keeps the answer with its TTL', async () => {
    const prefix = uniquePrefix('tc');
    const { port, counter } = countingPort();
    const tags = cached(port, prefix);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => tags.tagsForArn(ROLE_ARN('web-app-role'))),
    );
    expect(new Set(answers.map((a) => a.Team))).toEqual(new Set(['web']));
    // Another process (its own in-flight map) reads Redis.
    expect(await cached(port, prefix).tagsForArn(ROLE_ARN('web-app-role'))).toEqual({ Team: 'web' });
    expect(counter.calls).toBe(1);
    const key = tagsCacheKey(prefix, ACCOUNT, REGION, `arn ${ROLE_ARN('web-app-role')}`);
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(900);
    await deletePrefix(redis, prefix);
  });

  it('is bounded: past maxEntries answers in a window, look-ups still answer but are not stored', async () => {
    const prefix = uniquePrefix('tc');
    const { port, counter } = countingPort();
    const tags = cached(port, prefix, { maxEntries: 2 });
    for (const name of ['web-app-role', 'api-role', 'jobs-role']) await tags.tagsForArn(ROLE_ARN(name));
    expect(await tags.tagsForArn(ROLE_ARN('jobs-role'))).toEqual({ Team: 'jobs' });
    expect(counter.calls).toBe(4);
    const stored = await redis.keys(`${prefix}:owner-tags:${ACCOUNT}:*`);
    expect(stored).toHaveLength(2);
    await deletePrefix(redis, prefix);
  });

  it('a failure is logged once and kept briefly: the next questions fail fast without asking AWS', async () => {
    const prefix = uniquePrefix('tc');
    const { port, counter } = countingPort('fail');
    const tags = cached(port, prefix);
    for (let i = 0; i < 3; i++)
      await expect(tags.tagsForArn(ROLE_ARN('web-app-role'))).rejects.toBeInstanceOf(TagsUnavailableError);
    expect(counter.calls).toBe(1);
    const key = tagsCacheKey(prefix, ACCOUNT, REGION, `arn ${ROLE_ARN('web-app-role')}`);
    expect(await redis.ttl(key)).toBeLessThanOrEqual(60);
    await deletePrefix(redis, prefix);
  });

  it('past the timeout it gives up at once, and keeps the late answer for the next alert', async () => {
    const prefix = uniquePrefix('tc');
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const { port, counter } = countingPort({ release: gate });
    const tags = cached(port, prefix, { timeoutMs: 20, failureTtlSeconds: 1 });
    await expect(tags.tagsForArn(ROLE_ARN('api-role'))).rejects.toThrow(/longer than 20 ms/);
    release();
    const key = tagsCacheKey(prefix, ACCOUNT, REGION, `arn ${ROLE_ARN('api-role')}`);
    const kept = async () => (await redis.get(key))?.includes('"Team":"api"');
    for (let i = 0; i < 200 && !(await kept()); i++) await new Promise((r) => setTimeout(r, 10));
    expect(await tags.tagsForArn(ROLE_ARN('api-role'))).toEqual({ Team: 'api' });
    expect(counter.calls).toBe(1);
    await deletePrefix(redis, prefix);
  });

  it('Redis being unreachable only loses the caching: tags are still read', async () => {
    const down = testRedisClient();
    await down.quit();
    const { port } = countingPort();
    expect(await cached(port, uniquePrefix('tc'), {}, down).tagsForArn(ROLE_ARN('web-app-role'))).toEqual({
      Team: 'web',
    });
  });

  it('a cached answer that is not what the cache writes is ignored, and AWS asked again', async () => {
    const prefix = uniquePrefix('tc');
    const key = tagsCacheKey(prefix, ACCOUNT, REGION, `arn ${ROLE_ARN('web-app-role')}`);
    await redis.set(key, '{"tags":{"Team":42}}', 'EX', 60);
    const { port, counter } = countingPort();
    expect(await cached(port, prefix).tagsForArn(ROLE_ARN('web-app-role'))).toEqual({ Team: 'web' });
    expect(counter.calls).toBe(1);
    await deletePrefix(redis, prefix);
  });
});
