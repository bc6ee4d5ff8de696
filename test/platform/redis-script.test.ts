import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisScript } from '../../src/platform/redis/script.js';
import { testRedisClient, uniquePrefix } from '../support/redis.js';

/**
 * Scripts run by digest: the Lua text crosses the socket once per connection (and again only
 * when Redis lost its script cache), not on every call.
 */

const MARK = 'wk-script-test-body';
const INCR_BY = redisScript('testIncrBy', 1, `-- ${MARK}\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])`);
const SUM_KEYS = redisScript(
  'testSumKeys',
  'variable',
  `-- ${MARK}-variable\nlocal s = 0\nfor i = 1, #KEYS do s = s + tonumber(redis.call('GET', KEYS[i]) or '0') end\nreturn s + tonumber(ARGV[1])`,
);

let redis: Redis;
let other: Redis;
/** Everything `redis` wrote to its socket since the last reset. */
let written = '';
beforeAll(async () => {
  redis = testRedisClient();
  other = testRedisClient();
  await redis.ping();
  const stream = (redis as unknown as { stream: { write: (chunk: unknown, ...rest: unknown[]) => boolean } })
    .stream;
  const write = stream.write.bind(stream);
  stream.write = (chunk: unknown, ...rest: unknown[]) => {
    written += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('latin1');
    return write(chunk, ...rest);
  };
});
afterAll(async () => {
  await redis.quit();
  await other.quit();
});

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('redisScript', () => {
  it('sends the script text once per connection, then only its digest', async () => {
    const key = `${uniquePrefix('script')}:n`;
    written = '';
    expect(await INCR_BY.run(redis, [key], [2])).toBe(2);
    expect(await INCR_BY.run(redis, [key], [3])).toBe(5);
    expect(await INCR_BY.run(redis, [key], ['4'])).toBe(9);
    expect(occurrences(written, MARK)).toBe(1);
    expect(occurrences(written.toLowerCase(), 'evalsha')).toBe(2);
  });

  it('runs again after Redis lost its script cache (NOSCRIPT: sent as text again)', async () => {
    const key = `${uniquePrefix('script')}:n`;
    await INCR_BY.run(redis, [key], [1]);
    await redis.script('FLUSH');
    written = '';
    expect(await INCR_BY.run(redis, [key], [1])).toBe(2);
    expect(occurrences(written, MARK)).toBe(1);
  });

  it('works on every client it is given', async () => {
    const key = `${uniquePrefix('script')}:n`;
    expect(await INCR_BY.run(other, [key], [7])).toBe(7);
    expect(await INCR_BY.run(redis, [key], [1])).toBe(8);
  });

  it('passes a varying number of keys when declared variable', async () => {
    const prefix = uniquePrefix('script');
    await redis.mset(`${prefix}:a`, '1', `${prefix}:b`, '2', `${prefix}:c`, '3');
    expect(await SUM_KEYS.run(redis, [`${prefix}:a`], [10])).toBe(11);
    expect(await SUM_KEYS.run(redis, [`${prefix}:a`, `${prefix}:b`, `${prefix}:c`], [0])).toBe(6);
    expect(await SUM_KEYS.run(redis, [], [5])).toBe(5);
  });

  it('refuses a call with the wrong number of keys before anything is sent', async () => {
    written = '';
    expect(() => INCR_BY.run(redis, ['a', 'b'], [1])).toThrow('script testIncrBy takes 1 keys, was given 2');
    expect(written).toBe('');
  });
});
