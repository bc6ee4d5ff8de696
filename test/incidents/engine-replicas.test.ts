import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedisClient } from '../support/redis.js';
import { alarmAlert } from './helpers/alerts.js';
import { DEFAULTS, replicaEngines, T0 } from './helpers/engine.js';

/**
 * Two replicas (two connections, two engines with their own parsed caches) applying one alarm's
 * occurrences at once: every occurrence is counted once, on one incident, however the races fall.
 */

let a: Redis;
let b: Redis;
beforeAll(() => {
  a = testRedisClient();
  b = testRedisClient();
});
afterAll(async () => {
  await a.quit();
  await b.quit();
});

describe('two replicas applying alerts concurrently', () => {
  it('count every occurrence once on one incident', async () => {
    const { engine, replica } = replicaEngines(a, b);
    const replicas = [engine, replica];
    const N = 40;
    const results = await Promise.all(
      Array.from({ length: N }, (_, n) =>
        replicas[n % 2]!.applyAlert(alarmAlert({ revision: `r${n}` }), T0, DEFAULTS),
      ),
    );
    expect(results.filter((r) => r.change === 'opened')).toHaveLength(1);
    expect(results.filter((r) => r.change === 'updated')).toHaveLength(N - 1);
    const ids = new Set(results.map((r) => r.incident?.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    for (const engine of replicas)
      expect(await engine.get(id!)).toMatchObject({ occurrences: N, version: N });
    // Each replica's next alert starts from the latest state, whoever wrote it.
    const last = await replicas[0]!.applyAlert(alarmAlert({ revision: 'last' }), T0, DEFAULTS);
    expect(last.incident).toMatchObject({ id, occurrences: N + 1, version: N + 1 });
  });
});
