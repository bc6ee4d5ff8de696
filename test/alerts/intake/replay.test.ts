import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AcceptDeps } from '../../../src/alerts/intake/accept.js';
import { DeadLetterStore } from '../../../src/alerts/intake/dead-letters.js';
import { alertReplayJobId, replayDeadLetter } from '../../../src/alerts/intake/replay.js';
import { normalize } from '../../../src/alerts/normalize.js';
import { createSilentLogger } from '../../../src/platform/log/logger.js';
import { createMetrics } from '../../../src/platform/metrics.js';
import { createQueues, type Queues } from '../../../src/platform/queue/queues.js';
import { guardDutyAlert } from '../../incidents/helpers/alerts.js';
import { deletePrefix, testRedisClient, uniquePrefix } from '../../support/redis.js';

const AT = new Date('2026-11-20T10:00:00Z');

describe('replaying an alert job the worker failed on', () => {
  const prefix = uniquePrefix('replay');
  let redis: Redis;
  let queues: Queues;
  let deps: AcceptDeps;
  beforeAll(() => {
    redis = testRedisClient();
    queues = createQueues(redis, prefix);
    deps = {
      queues,
      deadLetters: new DeadLetterStore(redis, prefix),
      metrics: createMetrics({ defaultMetrics: false }),
      logger: createSilentLogger(),
      normalize: (job) => normalize(job, { now: () => AT }),
      now: () => AT,
    };
  });
  afterAll(async () => {
    await queues.close();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  async function letterOf(payload: unknown) {
    return deps.deadLetters.add({
      job: { kind: 'unknown', receivedAt: AT.toISOString(), origin: 'alerts/eventbridge', payload },
      reason: 'alert job failed for good: boom',
      problems: [],
      at: AT,
      failedJob: { queue: 'alerts', jobId: 'alert.abc' },
    });
  }

  it('puts its data back on the alerts queue under a new job id, and the letter leaves the list', async () => {
    const data = { alert: guardDutyAlert(), origin: 'eventbridge', receivedAt: AT.toISOString() };
    const letter = await letterOf(data);
    expect(await replayDeadLetter(letter, deps)).toEqual({ id: letter.id, status: 'accepted', alerts: 1 });
    expect((await queues.alerts.getJob(alertReplayJobId(letter.id)))?.data).toEqual(data);
    expect(await deps.deadLetters.get(letter.id)).toBeUndefined();
  });

  it('keeps a letter whose data is not an alert job, with the reason and one more replay', async () => {
    const letter = await letterOf({ alert: { dedupeKey: 'half' } });
    const result = await replayDeadLetter(letter, deps);
    expect(result).toMatchObject({
      status: 'still-rejected',
      reason: expect.stringMatching(/^not a valid alert job: alert/),
    });
    expect(await deps.deadLetters.get(letter.id)).toMatchObject({ replays: 1 });
  });
});
