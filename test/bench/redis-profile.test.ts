import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import {
  commandStats,
  commandsPerAlert,
  evalLabel,
  infoNumber,
  monitorArgs,
  parseCommandStats,
  sampleCommands,
  samplePerAlert,
  totalCalls,
} from '../../bench/lib/redis-profile.js';
import { deletePrefix, testRedisClient, testRedisUrl, uniquePrefix } from '../support/redis.js';

/** INFO commandstats as Redis 7 writes it. */
const INFO = [
  '# Commandstats',
  'cmdstat_get:calls=120,usec=300,usec_per_call=2.50,rejected_calls=0,failed_calls=0',
  'cmdstat_evalsha:calls=40,usec=900,usec_per_call=22.50,rejected_calls=0,failed_calls=0',
  'cmdstat_client|setname:calls=2,usec=4,usec_per_call=2.00,rejected_calls=0,failed_calls=0',
  'cmdstat_XADD:calls=7,usec=70,usec_per_call=10.00,rejected_calls=0,failed_calls=0',
].join('\r\n');

describe('the Redis command breakdown of a bench run', () => {
  it('reads one number of an INFO reply, whole field names only', async () => {
    const redis = testRedisClient();
    try {
      const stats = await redis.info('stats');
      const before = infoNumber(stats, 'total_net_input_bytes');
      expect(before).toBeGreaterThan(0);
      await redis.set(uniquePrefix('info'), 'x'.repeat(10_000), 'PX', 1000);
      // What this client just sent is counted: the bench's bytes per alert come from this field.
      expect(infoNumber(await redis.info('stats'), 'total_net_input_bytes')).toBeGreaterThan(before + 10_000);
      expect(infoNumber(await redis.info('cpu'), 'used_cpu_sys')).toBeGreaterThan(0);
      // `used_memory` is not `used_memory_rss` or `used_memory_peak`, which come after it.
      const memory = ['used_memory:1000', 'used_memory_human:1000B', 'used_memory_rss:5000'].join('\r\n');
      expect(infoNumber(memory, 'used_memory')).toBe(1000);
      expect(infoNumber(memory, 'used_memory_rss')).toBe(5000);
      expect(infoNumber(memory, 'maxmemory')).toBe(0);
    } finally {
      redis.disconnect();
    }
  });

  it('reads calls per command, subcommands and upper case included', () => {
    const stats = parseCommandStats(INFO);
    expect(Object.fromEntries(stats)).toEqual({ get: 120, evalsha: 40, 'client|setname': 2, xadd: 7 });
    expect(totalCalls(stats)).toBe(169);
  });

  it('gives the busiest commands per alert between two readings, leaving out the idle ones', () => {
    const before = new Map([
      ['get', 100],
      ['evalsha', 10],
      ['ping', 5],
    ]);
    const after = new Map([
      ['get', 300],
      ['evalsha', 60],
      ['ping', 5],
      ['xadd', 10],
    ]);
    expect(commandsPerAlert(before, after, 100)).toEqual({ get: 2, evalsha: 0.5, xadd: 0.1 });
    expect(Object.keys(commandsPerAlert(before, after, 100, 1))).toEqual(['get']);
  });

  it('reads a MONITOR line: who sent it and its arguments, escapes undone', () => {
    expect(
      monitorArgs('1796397187.502794 [0 127.0.0.1:50554] "eval" "local a = 1\\nreturn \\"x\\"" "0"'),
    ).toEqual({
      source: 'client',
      args: ['eval', 'local a = 1\nreturn "x"', '0'],
    });
    expect(monitorArgs('1796397187.502995 [0 lua] "SET" "a" "1"')).toEqual({
      source: 'lua',
      args: ['SET', 'a', '1'],
    });
    expect(monitorArgs('OK')).toBeUndefined();
  });

  it('names an inline script by its first line of code', () => {
    expect(evalLabel("\n-- why\n  local current = tonumber(redis.call('GET', KEYS[1]))\nreturn 1")).toBe(
      "eval:local current = tonumber(redis.call('GET', KEYS[1]))",
    );
  });

  it('scales a sample to the run: each entry its share of the commands per alert', () => {
    const sample = {
      commands: 100,
      by: { 'bullmq:moveToFinished': { calls: 4, inner: 76 }, get: { calls: 20, inner: 0 } },
    };
    expect(samplePerAlert(sample, 50)).toEqual({
      'bullmq:moveToFinished': { calls: 2, commands: 40 },
      get: { calls: 10, commands: 10 },
    });
    expect(samplePerAlert({ commands: 0, by: {} }, 50)).toEqual({});
  });
});

describe('sampling a live Redis', () => {
  const redis = testRedisClient();
  const prefix = uniquePrefix('profile');
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('counts commands against the script that ran them and names BullMQ scripts', async () => {
    const before = await commandStats(redis);
    const sampling = sampleCommands(testRedisUrl(), 1_500, 2_000);
    // MONITOR starts listening a moment after redis-cli starts.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const queue = new Queue('profiled', { connection: redis.duplicate(), prefix });
    await queue.add('job', { n: 1 });
    for (let i = 0; i < 3; i++)
      await redis.eval(
        "redis.call('SET', KEYS[1], ARGV[1])\nreturn redis.call('GET', KEYS[1])",
        1,
        `${prefix}:k`,
        i,
      );
    await redis.get(`${prefix}:k`);
    const sample = await sampling.stop();
    await queue.close();

    expect(sample.by["eval:redis.call('SET', KEYS[1], ARGV[1])"]).toEqual({ calls: 3, inner: 6 });
    // Other test files share this Redis and may add jobs too: at least ours.
    expect(sample.by['bullmq:addStandardJob']?.calls).toBeGreaterThanOrEqual(1);
    expect(sample.by['bullmq:addStandardJob']?.inner).toBeGreaterThan(3);
    expect(sample.by.get?.calls).toBeGreaterThanOrEqual(1);
    const after = await commandStats(redis);
    expect((after.get('set') ?? 0) - (before.get('set') ?? 0)).toBeGreaterThanOrEqual(3);
  });
});
