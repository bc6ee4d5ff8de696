/**
 * The ISO week (`2026-W48`) of an instant in a time zone: the key that makes a digest post once
 * per channel and week, whichever replica or retry runs it.
 */
export function isoWeekKey(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = new Date(Date.UTC(get('year'), get('month') - 1, get('day')));
  const weekday = local.getUTCDay() || 7;
  // Thursday of this week decides the ISO year.
  local.setUTCDate(local.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(local.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((local.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${local.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
