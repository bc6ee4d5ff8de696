import { JobName, jobId } from '../../platform/queue/names.js';
import { zodProblems } from '../../platform/zod-problems.js';
import { type AcceptDeps, acceptInputs, alertJobDataSchema } from './accept.js';
import type { DeadLetter } from './dead-letters.js';

export type ReplayResult =
  | { readonly id: string; readonly status: 'accepted'; readonly alerts: number }
  | { readonly id: string; readonly status: 'ignored'; readonly reason: string }
  | { readonly id: string; readonly status: 'still-rejected'; readonly reason: string };

/**
 * Replays one dead letter. An input intake refused goes through today's normalizers: accepted
 * or deliberately ignored, it leaves the list; still unreadable, it stays, with the new reason
 * and its replay count. An alert job the worker failed on for good goes back on the `alerts`
 * queue (under a new job id: the failed job still holds the old one) and leaves the list; if it
 * fails for good again, the worker keeps it as a new letter.
 */
export async function replayDeadLetter(letter: DeadLetter, deps: AcceptDeps): Promise<ReplayResult> {
  if (letter.failedJob) return replayAlertJob(letter, deps);
  let result: ReturnType<AcceptDeps['normalize']>;
  try {
    result = deps.normalize(letter.job);
  } catch (error) {
    return stillRejected(letter, `unexpected error while normalizing: ${String(error)}`, deps);
  }
  if (result.status === 'rejected') return stillRejected(letter, result.error.message, deps);
  const outcome = await acceptInputs([letter.job], deps);
  await deps.deadLetters.remove(letter.id);
  // Normalized, but failed while being prepared: acceptInputs kept it again, as a new letter.
  const kept = outcome.rejected[0];
  if (kept) return { id: letter.id, status: 'still-rejected', reason: `kept again as ${kept.deadLetterId}` };
  return result.status === 'ignored'
    ? { id: letter.id, status: 'ignored', reason: result.reason }
    : { id: letter.id, status: 'accepted', alerts: outcome.accepted };
}

async function replayAlertJob(letter: DeadLetter, deps: AcceptDeps): Promise<ReplayResult> {
  const parsed = alertJobDataSchema.safeParse(letter.job.payload);
  if (!parsed.success) {
    const problems = zodProblems(parsed.error).map((p) => `${p.path}: ${p.message}`);
    return stillRejected(letter, `not a valid alert job: ${problems.join('; ')}`, deps);
  }
  await deps.queues.alerts.add(JobName.Alert, parsed.data, { jobId: alertReplayJobId(letter.id) });
  await deps.deadLetters.remove(letter.id);
  return { id: letter.id, status: 'accepted', alerts: 1 };
}

const REPLAY_PREFIX = jobId('alert', 'replay', '');

/** The job id a replayed alert job gets: new (the failed job keeps the old one), and recognizable. */
export function alertReplayJobId(letterId: string): string {
  return jobId('alert', 'replay', letterId);
}

/**
 * A replayed alert job may find its change already stored by the attempts that failed; the
 * worker then treats it like a retry and asks for the card again.
 */
export function isAlertReplayJobId(id: string | undefined): boolean {
  return id?.startsWith(REPLAY_PREFIX) ?? false;
}

async function stillRejected(letter: DeadLetter, reason: string, deps: AcceptDeps): Promise<ReplayResult> {
  await deps.deadLetters.update({ ...letter, reason, replays: letter.replays + 1 });
  return { id: letter.id, status: 'still-rejected', reason };
}
