import { describe, expect, it } from 'vitest';
import {
  ALERT_BATCH_MAX,
  alertBatchJobDataSchema,
  packAlertEntries,
} from '../../../src/alerts/intake/alert-batches.js';
import type { AlertBulkEntry } from '../../../src/alerts/intake/enqueue-alerts.js';
import { JobName } from '../../../src/platform/queue/names.js';
import { alertsOf } from './helpers/alert-jobs.js';

const entry = (n: number): AlertBulkEntry<{ n: number }> => ({
  name: JobName.Alert,
  data: { n },
  opts: { jobId: `alert.${n}` },
});
const entries = (count: number, from = 0) => Array.from({ length: count }, (_, i) => entry(from + i));

describe('packAlertEntries', () => {
  it('leaves a single alert as its own alert.process job', () => {
    expect(packAlertEntries([entry(1)])).toEqual([entry(1)]);
    expect(packAlertEntries([])).toEqual([]);
  });

  it('packs several alerts into batches of at most ALERT_BATCH_MAX, in order', () => {
    const packed = packAlertEntries(entries(ALERT_BATCH_MAX * 2 + 7));
    expect(packed.map((p) => p.name)).toEqual([JobName.AlertBatch, JobName.AlertBatch, JobName.AlertBatch]);
    const alerts = packed.map((p) => (p.data as { alerts: Array<{ n: number }> }).alerts);
    expect(alerts.map((a) => a.length)).toEqual([ALERT_BATCH_MAX, ALERT_BATCH_MAX, 7]);
    expect(alerts.flat().map((a) => a.n)).toEqual(entries(ALERT_BATCH_MAX * 2 + 7).map((e) => e.data.n));
    for (const p of packed) expect(alertBatchJobDataSchema.safeParse(p.data).success).toBe(true);
  });

  it('stores an alert repeated within one call once', () => {
    const packed = packAlertEntries([entry(1), entry(2), entry(1), entry(3)]);
    expect(alertsOf(packed[0]?.data).map((a) => (a as unknown as { n: number }).n)).toEqual([1, 2, 3]);
    expect(packAlertEntries([entry(4), entry(4)])).toEqual([entry(4)]);
  });

  it('names a batch by its alerts: the same alerts again get the same id, others another', () => {
    const id = (list: AlertBulkEntry<{ n: number }>[]) => packAlertEntries(list)[0]?.opts.jobId;
    expect(id(entries(3))).toBe(id(entries(3)));
    expect(id(entries(3))).not.toBe(id(entries(3, 1)));
    expect(id([entry(1), entry(2)])).not.toBe(id([entry(2), entry(1)]));
    // BullMQ refuses ':' in custom ids.
    expect(id(entries(3))).toMatch(/^alerts\.[0-9a-f]{32}$/);
  });
});

describe('alertBatchJobDataSchema', () => {
  it('refuses an empty batch and one over the bound', () => {
    expect(alertBatchJobDataSchema.safeParse({ alerts: [] }).success).toBe(false);
    expect(
      alertBatchJobDataSchema.safeParse({ alerts: Array.from({ length: ALERT_BATCH_MAX + 1 }, () => ({})) })
        .success,
    ).toBe(false);
    expect(alertBatchJobDataSchema.safeParse({ alert: {} }).success).toBe(false);
  });
});
