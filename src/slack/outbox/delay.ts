import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { classifySlackFailure } from './slack-errors.js';

/**
 * Puts the running job back to wait, without spending an attempt: BullMQ's documented way is
 * `moveToDelayed` with the worker's token, then throwing `DelayedError`.
 */
export async function delayJob(
  job: Job,
  token: string | undefined,
  nowMs: number,
  waitMs: number,
): Promise<never> {
  if (!token) throw new Error('outbox job has no worker token; cannot delay it');
  await job.moveToDelayed(nowMs + Math.max(1, Math.ceil(waitMs)), token);
  throw new DelayedError();
}

/** Turns a Slack failure into the right job outcome (delay, fail for good, or retry). */
export async function handleSlackFailure(
  error: unknown,
  job: Job,
  token: string | undefined,
  nowMs: number,
  what: string,
): Promise<never> {
  const failure = classifySlackFailure(error);
  if (failure.kind === 'rate-limited') return delayJob(job, token, nowMs, failure.retryAfterMs);
  if (failure.kind === 'permanent') throw new UnrecoverableError(`Slack refused ${what} (${failure.error})`);
  throw error;
}
