import type { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import {
  type AlertBulkEntry,
  enqueueAlerts,
  type InputEntries,
} from '../../../src/alerts/intake/enqueue-alerts.js';
import type { IntakeJob } from '../../../src/alerts/intake/intake-job.js';

const job = (n: number): IntakeJob => ({
  kind: 'unknown',
  receivedAt: '2026-11-20T10:00:00.000Z',
  origin: 'test',
  payload: { n },
});

const input = (index: number, data: unknown = { n: index }): InputEntries => ({
  index,
  job: job(index),
  entries: [{ name: 'alert', data, opts: { jobId: `alert:${index}` } }],
});

/** A queue that serializes every job's data before storing any, as BullMQ's addBulk does. */
function fakeQueue(failure?: Error) {
  const calls: string[][] = [];
  const queue = {
    async addBulk(entries: AlertBulkEntry[]) {
      for (const entry of entries) JSON.stringify(entry.data);
      if (failure) throw failure;
      calls.push(entries.map((e) => e.opts.jobId));
      return [];
    },
  };
  return { queue: queue as unknown as Pick<Queue, 'addBulk'>, calls };
}

describe('enqueueAlerts', () => {
  it('stores every input in one addBulk, in order', async () => {
    const { queue, calls } = fakeQueue();
    expect(await enqueueAlerts(queue, [input(0), input(1), input(2)])).toEqual([]);
    expect(calls).toEqual([['alert:0', 'alert:1', 'alert:2']]);
  });

  it('returns the inputs that cannot be serialized and stores the rest, in order', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const bad = input(1, cyclic);
    const { queue, calls } = fakeQueue();
    const unstorable = await enqueueAlerts(queue, [input(0), bad, input(2)]);
    expect(unstorable).toEqual([{ input: bad, error: expect.any(TypeError) }]);
    expect(calls).toEqual([['alert:0', 'alert:2']]);
  });

  it('lets an error that no input explains (Redis) propagate', async () => {
    const down = new Error('Connection is closed.');
    const { queue } = fakeQueue(down);
    await expect(enqueueAlerts(queue, [input(0), input(1)])).rejects.toBe(down);
  });

  it('calls nothing when there is nothing to store', async () => {
    const { queue, calls } = fakeQueue();
    expect(await enqueueAlerts(queue, [])).toEqual([]);
    expect(calls).toEqual([]);
  });
});
