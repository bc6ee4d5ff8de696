import { z } from 'zod';
import type { Incident } from './incident.js';

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

/** An incident that may carry its last reopening (`reopened`, optional in the stored incident). */
export type WithReopenNote = Incident & { readonly reopened?: ReopenNote };

/**
 * The incident's last reopening, or undefined when it never reopened or the note is unreadable
 * (an incident stored by a version without notes): the card then says only "Reopened".
 */
export function reopenNoteOf(incident: Incident): ReopenNote | undefined {
  if (incident.reopenedCount === 0) return undefined;
  const parsed = reopenNoteSchema.safeParse((incident as WithReopenNote).reopened);
  return parsed.success ? parsed.data : undefined;
}
