import { z } from 'zod';
import type { Alert } from '../alerts/alert.js';

/**
 * How many times an incident's alerts occurred, counted so that a repeated delivery never
 * counts twice. GuardDuty's `count` is cumulative per finding, so a finding contributes its
 * largest count; other sources contribute `count` once per distinct revision. The revisions
 * already counted are remembered per dedupe key (the most recent `REMEMBERED` of them).
 */

const REMEMBERED = 50;

export const occurrenceMetaSchema = z.object({
  keys: z.record(z.string(), z.object({ total: z.number().int().min(0), revisions: z.array(z.string()) })),
});
export type OccurrenceMeta = z.infer<typeof occurrenceMetaSchema>;

export function emptyMeta(): OccurrenceMeta {
  return { keys: {} };
}

export function parseMeta(text: string | null): OccurrenceMeta {
  if (text === null) return emptyMeta();
  const parsed = occurrenceMetaSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : emptyMeta();
}

export function hasSeen(meta: OccurrenceMeta, alert: Pick<Alert, 'dedupeKey' | 'revision'>): boolean {
  return meta.keys[alert.dedupeKey]?.revisions.includes(alert.revision) ?? false;
}

/** The meta after counting this alert; unchanged (same object) when its revision was already counted. */
export function countAlert(
  meta: OccurrenceMeta,
  alert: Pick<Alert, 'dedupeKey' | 'revision' | 'count' | 'source'>,
): OccurrenceMeta {
  if (hasSeen(meta, alert)) return meta;
  const entry = meta.keys[alert.dedupeKey] ?? { total: 0, revisions: [] };
  const total = alert.source === 'guardduty' ? Math.max(entry.total, alert.count) : entry.total + alert.count;
  const revisions = [...entry.revisions, alert.revision].slice(-REMEMBERED);
  return { keys: { ...meta.keys, [alert.dedupeKey]: { total, revisions } } };
}

export function occurrencesOf(meta: OccurrenceMeta): number {
  return Math.max(
    1,
    Object.values(meta.keys).reduce((sum, entry) => sum + entry.total, 0),
  );
}
