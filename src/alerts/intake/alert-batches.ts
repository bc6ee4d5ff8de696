import { createHash } from 'node:crypto';
import { z } from 'zod';
import { JobName, jobId } from '../../platform/queue/names.js';
import type { AlertBulkEntry } from './enqueue-alerts.js';

/**
 * The alerts of one intake call travel as few jobs: a BullMQ job costs about 37 Redis commands
 * and three round trips whatever it carries, which made the queue, not the incident engine, most
 * of an alert's cost. One alert stays one `alert.process` job (as every single-event webhook
 * delivers); two or more go in `alert.batch` jobs of up to ALERT_BATCH_MAX alerts, in the order
 * received, which the worker applies a few at a time, the occurrences of one finding in order
 * (workflows/incident-response.ts, processAlertBatchJob).
 *
 * A batch's id is a digest of its alerts' own job ids, so a sender retrying the same request adds
 * nothing new while the first batch is kept. The same alert arriving in another batch (EventBridge
 * and the GuardDuty poll both carrying a revision) is applied twice and counted once: the engine
 * remembers each finding's revisions (occurrences.ts) and reports the second as unchanged.
 */

/** At most this many alerts per batch job: bounds a job's size (findings are a few KB each) and its run. */
export const ALERT_BATCH_MAX = 50;

/** What the worker reads first; each alert is then read as an `alert.process` job's data would be. */
export const alertBatchJobDataSchema = z.object({
  alerts: z.array(z.unknown()).min(1).max(ALERT_BATCH_MAX),
});

export interface AlertBatchJobData<Data> {
  readonly alerts: readonly Data[];
}

/** The queue entries for these alert entries: unchanged when there is one, batches otherwise. */
export function packAlertEntries<Data>(
  entries: readonly AlertBulkEntry<Data>[],
): AlertBulkEntry<Data | AlertBatchJobData<Data>>[] {
  // The same alert twice in one call (a sender repeating an event) is stored once, as job ids did.
  const seen = new Set<string>();
  const distinct = entries.filter((entry) => !seen.has(entry.opts.jobId) && seen.add(entry.opts.jobId));
  if (distinct.length <= 1) return distinct;
  const packed: AlertBulkEntry<AlertBatchJobData<Data>>[] = [];
  for (let at = 0; at < distinct.length; at += ALERT_BATCH_MAX) {
    const members = distinct.slice(at, at + ALERT_BATCH_MAX);
    const digest = createHash('sha256');
    for (const member of members) digest.update(member.opts.jobId).update('\u0000');
    packed.push({
      name: JobName.AlertBatch,
      data: { alerts: members.map((member) => member.data) },
      opts: { jobId: jobId('alerts', digest.digest('hex').slice(0, 32)) },
    });
  }
  return packed;
}
