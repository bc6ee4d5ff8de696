import { z } from 'zod';

/**
 * What a reopened incident remembers about its reopening, so the card can say it plainly
 * ("Reopened: GuardDuty saw this again at 01:23, 1 minute after it was resolved by @Riley"):
 * the resolution that the new occurrence undid is otherwise dropped when the incident reopens.
 */
export const reopenNoteSchema = z.object({
  /** When the source saw the problem again (the alert's last-seen time). */
  seenAt: z.string(),
  /** The resolution the occurrence undid. */
  resolvedAt: z.string().optional(),
  /** Slack user id (or `watchkeeper`) of who had resolved it. */
  resolvedBy: z.string().optional(),
});
export type ReopenNote = z.infer<typeof reopenNoteSchema>;

/**
 * What of an incident the note is read from; structural, so incident.ts (whose schema holds the
 * note) need not be imported here.
 */
interface Reopenable {
  readonly reopenedCount: number;
  readonly reopened?: unknown;
}

/**
 * The incident's last reopening, or undefined when it never reopened or the note is unreadable
 * (an incident stored by a version without notes): the card then says only "Reopened".
 */
export function reopenNoteOf(incident: Reopenable): ReopenNote | undefined {
  if (incident.reopenedCount === 0) return undefined;
  const parsed = reopenNoteSchema.safeParse(incident.reopened);
  return parsed.success ? parsed.data : undefined;
}
