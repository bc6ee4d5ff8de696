import { InputError } from '../platform/errors.js';

/**
 * Calendar days in the reader's time zone. The chart's per-day bars are local days (an incident
 * at 23:30 in Berlin belongs to that Berlin day), while the 7-day windows are exact 7 × 24 h
 * spans ending at the digest's `now`.
 */

export type LocalDateOf = (instant: Date) => string;

/** Returns a function mapping an instant to its `YYYY-MM-DD` date in `timeZone`. */
export function localDateFormatter(timeZone: string): LocalDateOf {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  } catch {
    throw new InputError('Invalid digest time zone', [
      {
        path: 'timeZone',
        message: `"${timeZone}" is not an IANA time zone`,
        fix: 'use a name like Europe/Berlin or UTC',
      },
    ]);
  }
  return (instant) => {
    const parts = format.formatToParts(instant);
    const part = (type: Intl.DateTimeFormatPartTypes): string =>
      parts.find((p) => p.type === type)?.value ?? '';
    return `${part('year')}-${part('month')}-${part('day')}`;
  };
}

/** `YYYY-MM-DD` plus `days` (may be negative), as pure calendar arithmetic. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, (day ?? 1) + days)).toISOString().slice(0, 10);
}
