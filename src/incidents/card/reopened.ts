import { elapsedWords } from './elapsed.js';

/**
 * The one sentence that says an incident came back, for the card and its thread:
 * "Reopened: GuardDuty saw this again at 01:23 UTC, 1 minute after it was resolved by Riley".
 * Parts that are unknown are left out rather than guessed.
 */
export interface ReopenedWords {
  /** Sentence subject: "GuardDuty", "The CloudWatch alarm". */
  readonly source: string;
  /** When the source saw it again (ISO-8601). */
  readonly seenAt?: string;
  /** When it had been resolved (ISO-8601). */
  readonly resolvedAt?: string;
  /** Who had resolved it, already formatted for where it is shown (a mention on the card, a plain name in the thread). */
  readonly resolver?: string;
  /** How the time is shown (the card uses Slack's date token); default: `HH:MM UTC`. */
  readonly formatTime?: (iso: string) => string;
}

function clock(iso: string): string {
  return `${new Date(Date.parse(iso)).toISOString().slice(11, 16)} UTC`;
}

export function reopenedSentence(words: ReopenedWords): string {
  const seen =
    words.seenAt !== undefined && Number.isFinite(Date.parse(words.seenAt)) ? words.seenAt : undefined;
  const format = words.formatTime ?? clock;
  const head = `*Reopened*: ${words.source} saw this again${seen ? ` at ${format(seen)}` : ''}`;
  if (words.resolvedAt === undefined) return head;
  const by = words.resolver ? ` by ${words.resolver}` : '';
  if (seen && Date.parse(seen) < Date.parse(words.resolvedAt))
    // A late delivery: seen before the resolution, reported after it.
    return `*Reopened*: ${words.source} reported this after it was resolved${by} (it saw it at ${format(seen)})`;
  const gap = seen ? elapsedWords(words.resolvedAt, seen) : undefined;
  return gap ? `${head}, ${gap} after it was resolved${by}` : `${head}, after it was resolved${by}`;
}
