import { type AcceptDeps, acceptInputs } from './accept.js';
import type { DeadLetter } from './dead-letters.js';

export type ReplayResult =
  | { readonly id: string; readonly status: 'accepted'; readonly alerts: number }
  | { readonly id: string; readonly status: 'ignored'; readonly reason: string }
  | { readonly id: string; readonly status: 'still-rejected'; readonly reason: string };

/**
 * Replays one dead letter through today's normalizers. Accepted or deliberately ignored: it
 * leaves the list. Still unreadable: it stays, with the new reason and its replay count.
 */
export async function replayDeadLetter(letter: DeadLetter, deps: AcceptDeps): Promise<ReplayResult> {
  const result = deps.normalize(letter.job);
  if (result.status === 'rejected') {
    await deps.deadLetters.update({ ...letter, reason: result.error.message, replays: letter.replays + 1 });
    return { id: letter.id, status: 'still-rejected', reason: result.error.message };
  }
  const outcome = await acceptInputs([letter.job], deps);
  await deps.deadLetters.remove(letter.id);
  return result.status === 'ignored'
    ? { id: letter.id, status: 'ignored', reason: result.reason }
    : { id: letter.id, status: 'accepted', alerts: outcome.accepted };
}
