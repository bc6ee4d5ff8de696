import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { JobName, jobId } from '../platform/queue/names.js';

/**
 * The containment job on the `tasks` queue. Its id is derived from the request id (incident,
 * action, resource and round), so a double click or a retried producer adds it once, and BullMQ
 * retries the same job; the request's status makes a retry verify instead of applying again.
 */

export const REMEDIATION_JOB = JobName.Remediation;

export const remediationJobSchema = z.object({
  requestId: z
    .string()
    .min(1)
    .regex(/^[^:]+$/, 'a request id has no ":"'),
  step: z.enum(['apply', 'undo', 'expire']),
  /** Undo only: which undo request this is (a failed undo may be asked for again). */
  round: z.number().int().min(0).optional(),
});
export type RemediationJob = z.infer<typeof remediationJobSchema>;

export function remediationJobId(job: RemediationJob): string {
  return job.round === undefined
    ? jobId('remediation', job.requestId, job.step)
    : jobId('remediation', job.requestId, job.step, job.round);
}

export async function enqueueRemediation(ctx: AppContext, job: RemediationJob, delayMs = 0): Promise<void> {
  await ctx.queues.tasks.add(REMEDIATION_JOB, job, {
    jobId: remediationJobId(job),
    ...(delayMs > 0 ? { delay: delayMs } : {}),
    // Retries use the queue's default backoff; a permanent AWS error ends the job at once.
  });
}
