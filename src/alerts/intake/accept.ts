import { createHash } from 'node:crypto';
import type { Logger } from '../../platform/log/logger.js';
import type { Metrics } from '../../platform/metrics.js';
import { JobName, jobId } from '../../platform/queue/names.js';
import type { Queues } from '../../platform/queue/queues.js';
import type { Alert } from '../alert.js';
import type { NormalizeResult } from '../result.js';
import type { DeadLetterStore } from './dead-letters.js';
import type { IntakeJob } from './intake-job.js';

/** What the incident engine consumes from the `alerts` queue. */
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
}

export interface AcceptOutcome {
  readonly accepted: number;
  readonly ignored: ReadonlyArray<{ index: number; reason: string }>;
  readonly rejected: ReadonlyArray<{ index: number; reason: string; deadLetterId: string }>;
}

/**
 * The one way an input enters Watchkeeper, whatever the edge (webhook, GuardDuty sync, log
 * watch, replay): normalize it, store every alert on the `alerts` queue in one atomic addBulk,
 * and dead-letter what fits no shape. It resolves only once all of that is in Redis, so a
 * caller may acknowledge its sender; any Redis failure propagates (the sender must retry).
 *
 * Job ids come from the alert's identity and revision, so the same GuardDuty revision arriving
 * by EventBridge and by polling, or an SNS retry, is stored once.
 */
export async function acceptInputs(jobs: readonly IntakeJob[], deps: AcceptDeps): Promise<AcceptOutcome> {
  const bulk: Array<{ name: string; data: AlertJobData; opts: { jobId: string } }> = [];
  const ignored: Array<{ index: number; reason: string }> = [];
  const rejected: Array<{ index: number; reason: string; deadLetterId: string }> = [];
  for (const [index, job] of jobs.entries()) {
    const result = deps.normalize(job);
    if (result.status === 'normalized') {
      for (const alert of result.alerts) {
        bulk.push({
          name: JobName.Alert,
          data: { alert, origin: job.origin, receivedAt: job.receivedAt },
          opts: { jobId: alertJobId(alert) },
        });
        deps.metrics.alertsNormalized.inc({ source: alert.source });
      }
    } else if (result.status === 'ignored') {
      ignored.push({ index, reason: result.reason });
      deps.logger.info({ origin: job.origin, reason: result.reason }, 'input ignored');
    } else {
      const letter = await deps.deadLetters.add({
        job,
        reason: result.error.message,
        problems: result.error.problems,
        at: deps.now(),
      });
      deps.metrics.deadLetters.inc({ origin: job.origin.split('/')[0] ?? job.origin });
      deps.logger.warn(
        { origin: job.origin, deadLetterId: letter.id, reason: result.error.message },
        'input rejected and dead-lettered',
      );
      rejected.push({ index, reason: result.error.message, deadLetterId: letter.id });
    }
  }
  if (bulk.length > 0) await deps.queues.alerts.addBulk(bulk);
  return { accepted: bulk.length, ignored, rejected };
}

export function alertJobId(alert: Pick<Alert, 'dedupeKey' | 'revision' | 'alarmState'>): string {
  const digest = createHash('sha256')
    .update(`${alert.dedupeKey}\u0000${alert.revision}\u0000${alert.alarmState ?? ''}`)
    .digest('hex');
  return jobId('alert', digest.slice(0, 32));
}
