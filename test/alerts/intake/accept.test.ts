import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/alerts/alert.js';
import { type AcceptDeps, acceptInputs, INTERNAL_ERROR_REASON } from '../../../src/alerts/intake/accept.js';
import { CUT_MARK, DeadLetterStore } from '../../../src/alerts/intake/dead-letters.js';
import type { IntakeJob } from '../../../src/alerts/intake/intake-job.js';
import { normalize } from '../../../src/alerts/normalize.js';
import type { NormalizeResult } from '../../../src/alerts/result.js';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../../../src/platform/json.js';
import { createSilentLogger } from '../../../src/platform/log/logger.js';
import { createMetrics } from '../../../src/platform/metrics.js';
import { JobName } from '../../../src/platform/queue/names.js';
import { createQueues, type Queues } from '../../../src/platform/queue/queues.js';
import { deletePrefix, testRedisClient, uniquePrefix } from '../../support/redis.js';
import { alertsOf } from './helpers/alert-jobs.js';
import { guardDutyEvent, guardDutyJob, NOW, options } from './helpers/guardduty-jobs.js';

const event = (n: number, extra: Record<string, unknown> = {}): IntakeJob =>
  guardDutyJob(n, 'f-accept', extra);

/** Nested `levels` deep, built without recursion. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

describe('acceptInputs with one bad input in a batch', () => {
  let redis: Redis;
  let queues: Queues;
  let store: DeadLetterStore;
  const prefix = uniquePrefix('accept');
  beforeAll(() => {
    redis = testRedisClient();
    queues = createQueues(redis, prefix);
    store = new DeadLetterStore(redis, prefix);
  });
  afterAll(async () => {
    await queues.close();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  function deps(normalizeJob: (job: IntakeJob) => NormalizeResult): AcceptDeps {
    return {
      queues,
      deadLetters: store,
      metrics: createMetrics({ defaultMetrics: false }),
      logger: createSilentLogger(),
      normalize: normalizeJob,
      now: () => NOW,
    };
  }

  async function storedKeys(): Promise<string[]> {
    const jobs = await queues.alerts.getJobs(['waiting']);
    return jobs.flatMap((j) => alertsOf(j.data).map((data) => data.alert.dedupeKey));
  }

  it('stores the others when normalizing one throws unexpectedly, and dead-letters that one as received', async () => {
    const poisoned = event(2);
    const outcome = await acceptInputs(
      [event(1), poisoned, event(3)],
      deps((job) => {
        if (job === poisoned) throw new TypeError("Cannot read properties of undefined (reading 'x')");
        return normalize(job, options);
      }),
    );
    expect(outcome.accepted).toBe(2);
    expect(outcome.rejected).toEqual([
      { index: 1, reason: INTERNAL_ERROR_REASON, deadLetterId: expect.any(String) },
    ]);
    expect(await storedKeys()).toEqual(expect.arrayContaining(['f-accept-1', 'f-accept-3']));
    const letter = await store.get(outcome.rejected[0]!.deadLetterId);
    expect(letter?.job).toEqual(poisoned);
    expect(letter?.reason).toMatch(/unexpected error while normalizing: TypeError: Cannot read properties/);
  });

  it('dead-letters an input whose alert cannot be serialized, its payload kept down to the depth limit', async () => {
    const deep = event(5, {
      detail: { ...guardDutyEvent.detail, id: 'f-accept-5', evidence: nested(200_000) },
    });
    const outcome = await acceptInputs(
      [event(4), deep],
      deps((job) => {
        const result = normalize(job, options);
        // The normalizer keeps the input as `raw`; here it keeps all of it, however deep.
        if (job !== deep || result.status !== 'normalized') return result;
        return { ...result, alerts: result.alerts.map((a): Alert => ({ ...a, raw: job.payload })) };
      }),
    );
    expect(outcome.accepted).toBe(1);
    expect(await storedKeys()).toContain('f-accept-4');
    const letter = await store.get(outcome.rejected[0]!.deadLetterId);
    expect(letter?.reason).toMatch(/RangeError/);
    expect(exceedsJsonDepth(letter?.job.payload, MAX_JSON_DEPTH)).toBe(false);
    expect(JSON.stringify(letter?.job.payload)).toContain(CUT_MARK);
    expect(letter?.problems).toContainEqual({
      path: '(root)',
      message: expect.stringMatching(/nested deeper than 64/),
    });
  });

  it('stores the alerts of a call as one batch job, and a lone alert as its own job', async () => {
    const before = new Set((await queues.alerts.getJobs(['waiting'])).map((j) => j.id));
    const fresh = async () => (await queues.alerts.getJobs(['waiting'])).filter((j) => !before.has(j.id));
    await acceptInputs(
      [event(7), event(8), event(9)],
      deps((job) => normalize(job, options)),
    );
    const batch = await fresh();
    expect(batch.map((j) => j.name)).toEqual([JobName.AlertBatch]);
    expect(alertsOf(batch[0]?.data).map((d) => d.alert.dedupeKey)).toEqual([
      'f-accept-7',
      'f-accept-8',
      'f-accept-9',
    ]);
    for (const j of batch) before.add(j.id);
    await acceptInputs(
      [event(10)],
      deps((job) => normalize(job, options)),
    );
    const single = await fresh();
    expect(single.map((j) => j.name)).toEqual([JobName.Alert]);
    expect(alertsOf(single[0]?.data).map((d) => d.alert.dedupeKey)).toEqual(['f-accept-10']);
  });

  it('still lets a Redis failure fail the whole call, so the sender is told to retry', async () => {
    const closed = testRedisClient();
    const closedQueues = createQueues(closed, prefix);
    await closedQueues.close();
    await closed.quit();
    const failing: AcceptDeps = { ...deps((job) => normalize(job, options)), queues: closedQueues };
    await expect(acceptInputs([event(6)], failing)).rejects.toThrow();
  });
});
