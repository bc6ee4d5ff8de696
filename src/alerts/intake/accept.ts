import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AuditLog } from '../../platform/audit/audit.js';
import type { Problem } from '../../platform/errors.js';
import type { Logger } from '../../platform/log/logger.js';
import type { Metrics } from '../../platform/metrics.js';
import { JobName, jobId } from '../../platform/queue/names.js';
import type { Queues } from '../../platform/queue/queues.js';
import { type Alert, alertSchema } from '../alert.js';
import type { NormalizeResult } from '../result.js';
import { packAlertEntries } from './alert-batches.js';
import type { DeadLetter, DeadLetterStore } from './dead-letters.js';
import { type AlertBulkEntry, enqueueAlerts, type InputEntries } from './enqueue-alerts.js';
import type { IntakeJob } from './intake-job.js';
import { loopSlices } from './loop-slices.js';

/** What the incident engine consumes from the `alerts` queue. */
export const alertJobDataSchema = z.object({
  alert: alertSchema,
  origin: z.string(),
  receivedAt: z.string(),
});
export interface AlertJobData {
  readonly alert: Alert;
  readonly origin: string;
  readonly receivedAt: string;
}

export interface AcceptDeps {
  readonly queues: Queues;
  readonly deadLetters: DeadLetterStore;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly normalize: (job: IntakeJob) => NormalizeResult;
  readonly now: () => Date;
  /** Where deliberate holds (a suppressed alarm) are recorded; without it they are only logged. */
  readonly audit?: AuditLog;
  /** How long normalizing may hold the event loop before yielding (loop-slices.ts). */
  readonly sliceMs?: number;
}

export interface AcceptOutcome {
  readonly accepted: number;
  readonly ignored: ReadonlyArray<{ index: number; reason: string }>;
  readonly rejected: ReadonlyArray<{ index: number; reason: string; deadLetterId: string }>;
}

/** What the sender is told about an input that hit a bug: the details stay in the dead letter. */
export const INTERNAL_ERROR_REASON =
  'Watchkeeper could not process this input (an internal error); it was kept as a dead letter for replay';

type AlertEntry = AlertBulkEntry<AlertJobData>;

/**
 * The one way an input enters Watchkeeper, whatever the edge (webhook, GuardDuty sync, log
 * watch, replay): normalize it, store every alert on the `alerts` queue in one addBulk, and
 * dead-letter what fits no shape. It resolves only once all of that is in Redis, so a caller may
 * acknowledge its sender; any Redis failure propagates (the sender must retry).
 *
 * Each input is prepared on its own: an unexpected error while normalizing or serializing one
 * (a normalizer bug, a stack overflow on a hostile value) dead-letters that input as received,
 * and the rest of the batch goes on. Only Redis can fail the whole call.
 *
 * A batch of many inputs is normalized in slices (loop-slices.ts): between them the event loop
 * serves whatever waits, such as a Slack ack in the web role. Inputs keep their order.
 *
 * Job ids come from the alert's identity and revision, so the same GuardDuty revision arriving
 * by EventBridge and by polling, or an SNS retry, is stored once. A call that yields several
 * alerts stores them as batch jobs (alert-batches.ts), whose ids come from their alerts' ids.
 */
export async function acceptInputs(jobs: readonly IntakeJob[], deps: AcceptDeps): Promise<AcceptOutcome> {
  const toStore: InputEntries<AlertJobData>[] = [];
  const ignored: Array<{ index: number; reason: string }> = [];
  const rejected: Array<{ index: number; reason: string; deadLetterId: string }> = [];
  const slices = loopSlices(deps.sliceMs);
  for (const [index, job] of jobs.entries()) {
    if (slices.due()) await slices.next();
    let result: NormalizeResult;
    let entries: AlertEntry[];
    try {
      result = deps.normalize(job);
      entries = result.status === 'normalized' ? result.alerts.map((alert) => bulkEntry(job, alert)) : [];
    } catch (error) {
      rejected.push(await keepUnexpected(index, job, error, deps));
      continue;
    }
    if (result.status === 'normalized') {
      if (entries.length > 0) toStore.push({ index, job, entries });
      for (const alert of result.alerts) deps.metrics.alertsNormalized.inc({ source: alert.source });
    } else if (result.status === 'ignored') {
      ignored.push({ index, reason: result.reason });
      deps.logger.info({ origin: job.origin, reason: result.reason }, 'input ignored');
      if (result.audit && deps.audit) {
        await deps.audit.record({
          who: 'watchkeeper',
          action: result.audit.action,
          at: deps.now(),
          detail: result.reason,
        });
      }
    } else {
      const letter = await keep(job, result.error.message, result.error.problems, deps);
      deps.logger.warn(
        { origin: job.origin, deadLetterId: letter.id, reason: result.error.message },
        'input rejected and dead-lettered',
      );
      rejected.push({ index, reason: result.error.message, deadLetterId: letter.id });
    }
  }
  const unstorable = await enqueueAlerts(deps.queues.alerts, toStore, packAlertEntries);
  for (const { input, error } of unstorable)
    rejected.push(await keepUnexpected(input.index, input.job, error, deps));
  rejected.sort((a, b) => a.index - b.index);
  const accepted = toStore
    .filter((input) => !unstorable.some((u) => u.input === input))
    .reduce((sum, input) => sum + input.entries.length, 0);
  return { accepted, ignored, rejected };
}

/** One queue entry; BullMQ serializes `data` when it stores it (enqueue-alerts.ts). */
function bulkEntry(job: IntakeJob, alert: Alert): AlertEntry {
  const data: AlertJobData = { alert, origin: job.origin, receivedAt: job.receivedAt };
  return { name: JobName.Alert, data, opts: { jobId: alertJobId(alert) } };
}

/** Dead-letters an input that hit a bug (or cannot be stored), as received. */
async function keepUnexpected(
  index: number,
  job: IntakeJob,
  error: unknown,
  deps: AcceptDeps,
): Promise<{ index: number; reason: string; deadLetterId: string }> {
  const letter = await keep(job, unexpectedReason(error), [], deps);
  deps.logger.error(
    { err: error, origin: job.origin, deadLetterId: letter.id },
    'input failed with an unexpected error and was dead-lettered',
  );
  return { index, reason: INTERNAL_ERROR_REASON, deadLetterId: letter.id };
}

async function keep(
  job: IntakeJob,
  reason: string,
  problems: readonly Problem[],
  deps: AcceptDeps,
): Promise<DeadLetter> {
  const letter = await deps.deadLetters.add({ job, reason, problems, at: deps.now() });
  deps.metrics.deadLetters.inc({ origin: job.origin.split('/')[0] ?? job.origin });
  return letter;
}

const MAX_REASON_CHARS = 500;

function unexpectedReason(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `unexpected error while normalizing: ${text.slice(0, MAX_REASON_CHARS)}`;
}

export function alertJobId(alert: Pick<Alert, 'dedupeKey' | 'revision' | 'alarmState'>): string {
  const digest = createHash('sha256')
    .update(`${alert.dedupeKey}\u0000${alert.revision}\u0000${alert.alarmState ?? ''}`)
    .digest('hex');
  return jobId('alert', digest.slice(0, 32));
}
