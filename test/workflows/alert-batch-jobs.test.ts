import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alert.js';
import { DeadLetterStore } from '../../src/alerts/intake/dead-letters.js';
import type { IncidentEngine } from '../../src/incidents/engine.js';
import { JobName } from '../../src/platform/queue/names.js';
import { incidentResponseWorkflow } from '../../workflows/incident-response.js';
import { guardDutyAlert } from '../incidents/helpers/alerts.js';
import { eventually, recordingOutbox } from '../incidents/helpers/fake-outbox.js';
import { bindIncidentDeps, type IncidentSettings, settingsWith } from '../incidents/helpers/incident-deps.js';
import { type Harness, startHarness } from '../support/harness.js';

/**
 * An `alert.batch` job (the alerts of one intake call) applies its alerts in order, each as its
 * own job would; one alert that fails for good is dead-lettered alone; a failure between a
 * commit and the card request is retried without counting anything twice; a batch that fails
 * for good keeps exactly the alerts it had not applied.
 */
const recording = recordingOutbox();
/** Card requests for incidents of these dedupe keys fail while listed (count = failures left). */
const failCardRequests = new Map<string, number>();
let engine: IncidentEngine;
const settings: IncidentSettings = settingsWith({
  ...recording,
  async requestCardSync(request) {
    const incident = await engine.get(request.incidentId);
    const key = incident?.dedupeKeys[0];
    const left = key === undefined ? undefined : failCardRequests.get(key);
    if (key !== undefined && left !== undefined && left > 0) {
      failCardRequests.set(key, left - 1);
      throw new Error('Redis went away between the commit and the card request');
    }
    await recording.requestCardSync(request);
  },
});

const data = (alert: Alert) => ({ alert, origin: 'eventbridge', receivedAt: '2026-11-20T10:00:00.000Z' });

/** The n-th occurrence of finding `key` (revision and count n), on a resource of its own (not grouped). */
const occurrence = (key: string, n: number) =>
  guardDutyAlert({
    dedupeKey: key,
    resource: { type: 'AccessKey', id: `user-${key}`, tags: {} },
    count: n,
    revision: `2025-03-01T10:0${n}:00.000Z`,
    lastSeen: `2025-03-01T10:0${n}:00.000Z`,
  });

describe('an alert batch job', () => {
  let h: Harness;
  let store: DeadLetterStore;
  beforeAll(async () => {
    h = await startHarness({
      compose: async () => (ctx) => {
        const deps = bindIncidentDeps(settings, ctx);
        engine = deps.engine;
        return { workflows: [incidentResponseWorkflow(deps)] };
      },
    });
    store = new DeadLetterStore(h.bot.ctx.redis, h.bot.ctx.config.redis.prefix);
  });
  afterAll(async () => {
    await h.stop();
  });

  /** A batch of the first occurrence of each finding, retried up to `attempts` times. */
  const firstOccurrencesBatch = (keys: string[], attempts: number) =>
    h.bot.ctx.queues.alerts.add(
      JobName.AlertBatch,
      { alerts: keys.map((key) => data(occurrence(key, 1))) },
      { attempts, backoff: { type: 'fixed', delay: 10 } },
    );
  async function settled(jobId: string | undefined) {
    const queue = h.bot.ctx.queues.alerts;
    const state = await eventually(async () => {
      const now = await queue.getJobState(String(jobId));
      return now === 'completed' || now === 'failed' ? now : undefined;
    });
    // Read once it has settled, so its return value is there.
    const job = await queue.getJob(String(jobId));
    return { state, job: job! };
  }
  const incidentOf = async (key: string) => {
    const ids = recording.cardSyncs.map((s) => s.incidentId);
    for (const id of new Set(ids)) {
      const incident = await engine.get(id);
      if (incident?.dedupeKeys.includes(key)) return incident;
    }
    return undefined;
  };
  const lettersOf = async (jobId: string | undefined) =>
    (await store.list()).letters.filter((l) => l.failedJob?.jobId.startsWith(`${jobId}.`));

  it('applies its alerts in order, each once', async () => {
    const job = await h.bot.ctx.queues.alerts.add(JobName.AlertBatch, {
      alerts: [
        data(occurrence('f-batch-a', 1)),
        data(occurrence('f-batch-b', 1)),
        data(occurrence('f-batch-a', 2)),
        data(occurrence('f-batch-a', 3)),
        // A repeat of a revision already in the batch is counted once.
        data(occurrence('f-batch-a', 3)),
      ],
    });
    const { state, job: done } = await settled(job.id);
    expect(state).toBe('completed');
    expect(done.returnvalue).toBe('5 alerts: 2 opened, 1 unchanged, 2 updated');
    expect(await incidentOf('f-batch-a')).toMatchObject({
      occurrences: 3,
      lastSeen: '2025-03-01T10:03:00.000Z',
    });
    expect(await incidentOf('f-batch-b')).toMatchObject({ occurrences: 1 });
  });

  it('dead-letters an invalid alert alone and applies the rest', async () => {
    const invalid = { alert: { dedupeKey: 'half an alert' }, origin: 'eventbridge', receivedAt: 'x' };
    const job = await h.bot.ctx.queues.alerts.add(JobName.AlertBatch, {
      alerts: [data(occurrence('f-batch-c', 1)), invalid, data(occurrence('f-batch-d', 1))],
    });
    const { state, job: done } = await settled(job.id);
    expect(state).toBe('completed');
    expect(done.returnvalue).toBe('3 alerts: 1 dead-lettered, 2 opened');
    const letters = await lettersOf(job.id);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      reason: expect.stringMatching(/^alert job failed for good: Invalid alert job/),
      failedJob: { queue: 'alerts', jobId: `${job.id}.1` },
      job: { kind: 'unknown', origin: 'alerts/eventbridge', payload: invalid },
    });
    expect(await incidentOf('f-batch-d')).toMatchObject({ occurrences: 1 });
  });

  it('keeps one letter for an invalid alert however often its batch is retried', async () => {
    failCardRequests.set('f-batch-k', 2);
    const invalid = { alert: { dedupeKey: 'half an alert, again' }, origin: 'eventbridge', receivedAt: 'x' };
    const job = await h.bot.ctx.queues.alerts.add(
      JobName.AlertBatch,
      { alerts: [invalid, data(occurrence('f-batch-k', 1))] },
      { attempts: 4, backoff: { type: 'fixed', delay: 10 } },
    );
    const { state, job: done } = await settled(job.id);
    expect(state).toBe('completed');
    // Two attempts failed (the card request), the third completed: the invalid alert was met three times.
    expect(done.attemptsMade).toBe(3);
    const letters = await lettersOf(job.id);
    expect(letters.map((l) => l.failedJob?.jobId)).toEqual([`${job.id}.0`]);
  });

  it('is retried whole after a failure between a commit and its card request, counting nothing twice', async () => {
    failCardRequests.set('f-batch-f', 1);
    const before = recording.cardSyncs.length;
    const job = await firstOccurrencesBatch(['f-batch-e', 'f-batch-f', 'f-batch-g'], 3);
    const { state, job: done } = await settled(job.id);
    expect(state).toBe('completed');
    // The first attempt stored all three (f without its card); the retry finds each unchanged and
    // asks for its card again.
    expect(done.returnvalue).toBe('3 alerts: 3 resynced');
    for (const key of ['f-batch-e', 'f-batch-f', 'f-batch-g'])
      expect(await incidentOf(key)).toMatchObject({ occurrences: 1, version: 1 });
    const requested = recording.cardSyncs.slice(before).map((s) => s.version);
    expect(requested.every((v) => v === 1)).toBe(true);
  });

  it('keeps every alert it had not applied when it fails for good', async () => {
    failCardRequests.set('f-batch-i', 10);
    const job = await firstOccurrencesBatch(['f-batch-h', 'f-batch-i', 'f-batch-j'], 2);
    const { state } = await settled(job.id);
    expect(state).toBe('failed');
    const letters = await lettersOf(job.id);
    // h and j (other findings, applied side by side) were applied; only i is kept.
    expect(letters.map((l) => l.failedJob?.jobId)).toEqual([`${job.id}.1`]);
    expect(letters.map((l) => (l.job.payload as { alert: Alert }).alert.dedupeKey)).toEqual(['f-batch-i']);
    expect(letters[0]?.reason).toBe(
      'alert job failed for good: Redis went away between the commit and the card request',
    );
    expect(await incidentOf('f-batch-h')).toMatchObject({ occurrences: 1 });
    expect(await incidentOf('f-batch-j')).toMatchObject({ occurrences: 1 });
    failCardRequests.delete('f-batch-i');
  });

  it('is dead-lettered whole when it is not a batch of alerts', async () => {
    const job = await h.bot.ctx.queues.alerts.add(JobName.AlertBatch, { alerts: [] });
    const { state } = await settled(job.id);
    expect(state).toBe('failed');
    const letters = (await store.list()).letters.filter((l) => l.failedJob?.jobId === job.id);
    expect(letters).toHaveLength(1);
    expect(letters[0]?.reason).toMatch(/^alert job failed for good: Invalid alert batch job/);
  });
});
