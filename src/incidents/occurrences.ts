import { z } from 'zod';
import type { Alert } from '../alerts/alert.js';

/**
 * How many times an incident's alerts occurred, counted so that a repeated delivery never
 * counts twice. GuardDuty's `count` is cumulative per finding, so a finding contributes its
 * largest count; other sources contribute `count` once per distinct revision. The revisions
 * already counted are remembered per dedupe key (the most recent `REMEMBERED` of them).
 *
 * Dedupe keys come from outside (a GuardDuty finding id may be `__proto__` or `constructor`), so
 * they are kept in a Map, never as keys of a plain object. Counts saturate at
 * Number.MAX_SAFE_INTEGER: a sum past 2^53 is not an integer the Incident schema accepts, and
 * an incident that fails its schema could not be read again.
 */

const REMEMBERED = 50;

export interface OccurrenceEntry {
  readonly total: number;
  readonly revisions: readonly string[];
}

export interface OccurrenceMeta {
  readonly keys: ReadonlyMap<string, OccurrenceEntry>;
}

/** a + b for non-negative counts, never past Number.MAX_SAFE_INTEGER. */
export function saturatingAdd(a: number, b: number): number {
  return Math.min(Number.MAX_SAFE_INTEGER, a + b);
}

function saturate(count: number): number {
  return Math.min(Number.MAX_SAFE_INTEGER, count);
}

// Stored totals are clamped on read, so meta written before counts saturated is still usable.
const storedEntrySchema = z.object({
  total: z
    .number()
    .min(0)
    .transform((n) => saturate(Math.floor(n))),
  revisions: z.array(z.string()),
});
const storedMetaSchema = z.object({ keys: z.custom<object>((v) => typeof v === 'object' && v !== null) });

export function emptyMeta(): OccurrenceMeta {
  return { keys: new Map() };
}

/** The stored JSON: an object keyed by dedupe key (built with fromEntries, so `__proto__` stays data). */
export function serializeMeta(meta: OccurrenceMeta): string {
  const keys = Object.fromEntries(
    [...meta.keys].map(([key, e]) => [key, { total: e.total, revisions: e.revisions }]),
  );
  return JSON.stringify({ keys });
}

/**
 * Reads stored meta. JSON.parse keeps a `__proto__` key as an own property and Object.entries
 * lists it, so no dedupe key is lost on the way in. Unreadable meta counts as empty (the
 * incident itself keeps its occurrences), and so does a single unreadable entry.
 */
export function parseMeta(text: string | null): OccurrenceMeta {
  if (text === null) return emptyMeta();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return emptyMeta();
  }
  const parsed = storedMetaSchema.safeParse(raw);
  if (!parsed.success) return emptyMeta();
  const keys = new Map<string, OccurrenceEntry>();
  for (const [key, value] of Object.entries(parsed.data.keys)) {
    const entry = storedEntrySchema.safeParse(value);
    if (entry.success) keys.set(key, entry.data);
  }
  return { keys };
}

export function hasSeen(meta: OccurrenceMeta, alert: Pick<Alert, 'dedupeKey' | 'revision'>): boolean {
  return meta.keys.get(alert.dedupeKey)?.revisions.includes(alert.revision) ?? false;
}

/** The meta after counting this alert; unchanged (same object) when its revision was already counted. */
export function countAlert(
  meta: OccurrenceMeta,
  alert: Pick<Alert, 'dedupeKey' | 'revision' | 'count' | 'source'>,
): OccurrenceMeta {
  if (hasSeen(meta, alert)) return meta;
  const entry = meta.keys.get(alert.dedupeKey) ?? { total: 0, revisions: [] };
  const total =
    alert.source === 'guardduty'
      ? saturate(Math.max(entry.total, alert.count))
      : saturatingAdd(entry.total, alert.count);
  const revisions = [...entry.revisions, alert.revision].slice(-REMEMBERED);
  const keys = new Map(meta.keys);
  keys.set(alert.dedupeKey, { total, revisions });
  return { keys };
}

export function occurrencesOf(meta: OccurrenceMeta): number {
  let sum = 0;
  for (const entry of meta.keys.values()) sum = saturatingAdd(sum, entry.total);
  return Math.max(1, sum);
}
