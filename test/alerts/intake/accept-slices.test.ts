import { describe, expect, it } from 'vitest';
import { type AcceptDeps, acceptInputs } from '../../../src/alerts/intake/accept.js';
import type { DeadLetterStore } from '../../../src/alerts/intake/dead-letters.js';
import type { AlertBulkEntry } from '../../../src/alerts/intake/enqueue-alerts.js';
import type { IntakeJob } from '../../../src/alerts/intake/intake-job.js';
import { normalize } from '../../../src/alerts/normalize.js';
import type { NormalizeResult } from '../../../src/alerts/result.js';
import { createSilentLogger } from '../../../src/platform/log/logger.js';
import { createMetrics } from '../../../src/platform/metrics.js';
import type { Queues } from '../../../src/platform/queue/queues.js';
import { alertsOf } from './helpers/alert-jobs.js';
import { guardDutyJob, NOW, options } from './helpers/guardduty-jobs.js';

/**
 * What acceptInputs costs the event loop it shares with Slack's acks: a big batch is normalized
 * in slices, and each alert is serialized once (by the queue), not once more to check it.
 */
const event = (n: number, extra: Record<string, unknown> = {}): IntakeJob =>
  guardDutyJob(n, 'f-slice', extra);

/** The queue side of the deps: records each addBulk, serializing each job's data once as BullMQ does. */
function deps(normalizeJob: (job: IntakeJob) => NormalizeResult, sliceMs?: number) {
  const stored: string[][] = [];
  const queues = {
    alerts: {
      async addBulk(entries: AlertBulkEntry[]) {
        for (const entry of entries) JSON.stringify(entry.data);
        stored.push(entries.flatMap((e) => alertsOf(e.data).map((data) => data.alert.dedupeKey)));
        return [];
      },
    },
  } as unknown as Queues;
  const acceptDeps: AcceptDeps = {
    queues,
    deadLetters: {} as DeadLetterStore,
    metrics: createMetrics({ defaultMetrics: false }),
    logger: createSilentLogger(),
    normalize: normalizeJob,
    now: () => NOW,
    ...(sliceMs === undefined ? {} : { sliceMs }),
  };
  return { acceptDeps, stored };
}

const busyFor = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('acceptInputs and the event loop', () => {
  it('hands the loop back between inputs once its slice is used, and keeps their order', async () => {
    let normalizedBefore: number | undefined;
    let normalizedSoFar = 0;
    const { acceptDeps, stored } = deps((job) => {
      normalizedSoFar++;
      return normalize(job, options);
    }, 0);
    setImmediate(() => {
      normalizedBefore = normalizedSoFar;
    });
    const outcome = await acceptInputs([event(1), event(2), event(3), event(4)], acceptDeps);
    // A request that arrived while the batch was normalized is served before the batch ends.
    expect(normalizedBefore).toBeLessThan(4);
    expect(outcome.accepted).toBe(4);
    expect(stored).toEqual([['f-slice-1', 'f-slice-2', 'f-slice-3', 'f-slice-4']]);
  });

  it('yields within a batch that takes longer than the default slice', async () => {
    let normalizedBefore: number | undefined;
    let normalizedSoFar = 0;
    const { acceptDeps } = deps((job) => {
      busyFor(2);
      normalizedSoFar++;
      return normalize(job, options);
    });
    setImmediate(() => {
      normalizedBefore = normalizedSoFar;
    });
    const jobs = Array.from({ length: 20 }, (_, i) => event(i));
    await acceptInputs(jobs, acceptDeps);
    expect(normalizedBefore).toBeLessThan(20);
  });

  it('serializes each alert once: the queue does it, acceptInputs does not do it again', async () => {
    let serialized = 0;
    const counted = { toJSON: () => ++serialized };
    const { acceptDeps } = deps((job) => {
      const result = normalize(job, options);
      if (result.status !== 'normalized') return result;
      return { ...result, alerts: result.alerts.map((alert) => ({ ...alert, raw: counted })) };
    });
    await acceptInputs([event(1), event(2)], acceptDeps);
    expect(serialized).toBe(2);
  });
});
