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

/**
 * How long a job that waits on another part of Slack's work (a thread reply on its card being
 * posted, a timeline entry on the entry before it) waits before it looks again: `firstMs` while the
 * wait is young, then a quarter of the time already waited, up to `maxMs`. In a storm a card can
 * wait many seconds for its channel's budget; a reply looking every second meanwhile cost more
 * queue work than the posts themselves, and a reply a few seconds late there changes nothing.
 */
export function pollWaitMs(waitedMs: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, Math.max(firstMs, Math.round(waitedMs / 4)));
}

/** The first wait of a job that found Slack unavailable, and the most it ever waits between tries. */
export const OUTAGE_FIRST_WAIT_MS = 1_000;
export const OUTAGE_MAX_WAIT_MS = 60_000;

/**
 * Waits growing by half each time, capped, with ±20% jitter so a backlog does not return to Slack
 * all at once. Half, not double: most 5xx are single blips, and a card should not wait half a
 * minute because three of its tries were unlucky; a long outage still reaches the cap in minutes.
 */
export function outageWaitMs(delaysSoFar: number, random: () => number = Math.random): number {
  const base = Math.min(OUTAGE_MAX_WAIT_MS, OUTAGE_FIRST_WAIT_MS * 1.5 ** Math.min(delaysSoFar, 32));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Waits out a Slack outage without spending one of the job's attempts: the number of waits in a
 * row is kept in the job's data (`outageDelays`) so the backoff grows across them. Only an
 * unbroken run of unavailability counts as an outage: see `slackAnswered`.
 */
async function waitOutOutage(job: Job, token: string | undefined, nowMs: number): Promise<never> {
  const data = (job.data ?? {}) as Record<string, unknown>;
  const delays = typeof data.outageDelays === 'number' ? data.outageDelays : 0;
  await job.updateData({ ...data, outageDelays: delays + 1 });
  return delayJob(job, token, nowMs, outageWaitMs(delays));
}

/**
 * Slack answered one of this job's calls (a success, a 429, a refusal), so whatever failed before
 * was a blip, not an outage: the next unavailability starts the backoff from its first wait again.
 * Without this a job that met scattered 5xx among good answers (a card's history lookup succeeds,
 * its post gets a 502) would climb to minute-long waits while Slack was up all along.
 */
export async function slackAnswered(job: Job): Promise<void> {
  const data = (job.data ?? {}) as Record<string, unknown>;
  if (typeof data.outageDelays !== 'number' || data.outageDelays === 0) return;
  await job.updateData({ ...data, outageDelays: 0 });
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
  if (failure.kind === 'unavailable') return waitOutOutage(job, token, nowMs);
  await slackAnswered(job);
  if (failure.kind === 'rate-limited') return delayJob(job, token, nowMs, failure.retryAfterMs);
  if (failure.kind === 'permanent') throw new UnrecoverableError(`Slack refused ${what} (${failure.error})`);
  throw error;
}
