import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisScript } from '../../src/platform/redis/script.js';
import { MAX_CALLS_PER_BATCH } from '../../src/platform/redis/script-batches.js';
import { testRedisClient, testRedisUrl, uniquePrefix } from '../support/redis.js';

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

const BATCH_MARK = 'wk-script-test-batched';
/** Appends ARGV[1] to a list and returns the list's length; fails (WRONGTYPE) on a key that is no list. */
const PUSH = redisScript(
  'testBatchedPush',
  1,
  `-- ${BATCH_MARK}\nreturn redis.call('RPUSH', KEYS[1], ARGV[1])`,
  { batched: true },
);
/** Returns what it is told to: nothing, false, a nested table. */
const ECHO = redisScript(
  'testBatchedEcho',
  0,
  `if ARGV[1] == 'nil' then return nil end
if ARGV[1] == 'false' then return false end
return {ARGV[1], {ARGV[2]}}`,
  { batched: true },
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

describe('redisScript, batched', () => {
  const commandsSent = (text: string) =>
    occurrences(text.toLowerCase(), 'evalsha') + occurrences(text.toLowerCase(), '$4\r\neval\r\n');

  it('sends the calls made in one turn as one command, each answered with its own result', async () => {
    const key = `${uniquePrefix('script')}:list`;
    await PUSH.run(redis, [key], ['warm-up']); // loads the scripts, so what follows goes by digest
    await Promise.all([PUSH.run(redis, [key], ['a']), PUSH.run(redis, [key], ['b'])]);
    written = '';
    const lengths = await Promise.all(['1', '2', '3', '4', '5'].map((v) => PUSH.run(redis, [key], [v])));
    expect(lengths).toEqual([4, 5, 6, 7, 8]);
    expect(commandsSent(written)).toBe(1);
    expect(await redis.lrange(key, 3, -1)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('sends a lone call as the script itself', async () => {
    const key = `${uniquePrefix('script')}:list`;
    written = '';
    expect(await PUSH.run(redis, [key], ['only'])).toBe(1);
    expect(commandsSent(written)).toBe(1);
    // The wrapper's own code never crossed: this was the plain script.
    expect(written).not.toContain('pcall');
  });

  it('fails only the call whose script failed; the others still run, in order', async () => {
    const list = `${uniquePrefix('script')}:list`;
    const notList = `${uniquePrefix('script')}:string`;
    await redis.set(notList, 'x');
    const results = await Promise.allSettled([
      PUSH.run(redis, [list], ['first']),
      PUSH.run(redis, [notList], ['never']),
      PUSH.run(redis, [list], ['third']),
    ]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: 1 });
    expect(results[1]?.status).toBe('rejected');
    expect(String((results[1] as PromiseRejectedResult).reason)).toContain('WRONGTYPE');
    expect(results[2]).toEqual({ status: 'fulfilled', value: 2 });
    expect(await redis.get(notList)).toBe('x');
  });

  it(`splits a turn's calls into commands of at most ${MAX_CALLS_PER_BATCH}`, async () => {
    const key = `${uniquePrefix('script')}:list`;
    await Promise.all([PUSH.run(redis, [key], ['warm-up']), PUSH.run(redis, [key], ['warm-up'])]);
    written = '';
    const calls = MAX_CALLS_PER_BATCH * 2 + 1;
    const lengths = await Promise.all(Array.from({ length: calls }, (_, i) => PUSH.run(redis, [key], [i])));
    expect(lengths).toEqual(Array.from({ length: calls }, (_, i) => i + 3));
    expect(commandsSent(written)).toBe(3);
  });

  it('gives null for nothing or false, and nested replies as they are', async () => {
    const [none, no, nested] = await Promise.all([
      ECHO.run(redis, [], ['nil']),
      ECHO.run(redis, [], ['false']),
      ECHO.run(redis, [], ['a', 'b']),
    ]);
    expect(none).toBeNull();
    expect(no).toBeNull();
    expect(nested).toEqual(['a', ['b']]);
  });

  it('rejects every call of a batch that could not be sent', async () => {
    const client = new Redis(testRedisUrl(), { enableOfflineQueue: false, lazyConnect: true });
    client.on('error', () => undefined); // the refusal is what this test expects
    const key = `${uniquePrefix('script')}:list`;
    const results = await Promise.allSettled([
      PUSH.run(client, [key], ['a']),
      PUSH.run(client, [key], ['b']),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await redis.exists(key)).toBe(0);
    client.disconnect();
  });

  it('rejects the calls, alone or batched, when sending them throws', async () => {
    // A client that cannot take the script: the throw happens after the callers' turn, in the flush.
    const broken = {
      defineCommand() {
        throw new Error('cannot define the script');
      },
    } as unknown as Redis;
    await expect(PUSH.run(broken, ['k'], ['a'])).rejects.toThrow('cannot define the script');
    const results = await Promise.allSettled([
      PUSH.run(broken, ['k'], ['a']),
      PUSH.run(broken, ['k'], ['b']),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('keeps calls on different clients apart', async () => {
    const key = `${uniquePrefix('script')}:list`;
    const lengths = await Promise.all([PUSH.run(redis, [key], ['a']), PUSH.run(other, [key], ['b'])]);
    expect(lengths.sort()).toEqual([1, 2]);
  });
});
