/**
 * Dates as AWS really sends them: ISO with `Z`, ISO with `+0000` (CloudWatch), compact
 * `20131102T010628Z` (old CloudTrail creationDate), epoch seconds (GuardDuty EKS createdAt),
 * `Date` objects (SDK v3), and redacted `XXXX-XX-XXTXX:XX:XXZ` in published samples.
 * Nothing here throws: an unreadable date is `undefined`, and callers use the receive time.
 */

const COMPACT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const ISO_PREFIX = /^\d{4}-\d{2}-\d{2}/;
/** Beyond this, a number is epoch milliseconds rather than seconds (year 5138 in seconds). */
const MILLIS_THRESHOLD = 1e11;

function valid(date: Date): Date | undefined {
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function parseAwsDate(value: unknown): Date | undefined {
  if (value instanceof Date) return valid(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) return undefined;
    return valid(new Date(value >= MILLIS_THRESHOLD ? value : value * 1000));
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const compact = COMPACT.exec(text);
  if (compact) {
    const [, y, mo, d, h, mi, s] = compact;
    return valid(new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`));
  }
  // Date.parse accepts odd strings ("1" is 2001); only hand it something that starts like a date.
  if (!ISO_PREFIX.test(text)) return undefined;
  return valid(new Date(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')));
}

/** ISO-8601 of `value`, or of `fallback` when `value` is missing or unreadable. */
export function isoOr(value: unknown, fallback: Date): string {
  return (parseAwsDate(value) ?? fallback).toISOString();
}

/** The first of `values` that reads as a date. */
export function firstDate(...values: readonly unknown[]): Date | undefined {
  for (const value of values) {
    const date = parseAwsDate(value);
    if (date) return date;
  }
  return undefined;
}
