import { SEVERITY_LABELS } from '../alerts/alert.js';
import { shortDate } from './chart-svg.js';
import type { DailyCount, DigestFigures } from './figures.js';
import type { ScorecardStatus } from './scorecard-line.js';
import type { CountChange, DurationStats } from './stats.js';

/**
 * Formatting shared by the Slack blocks and the CLI text: numbers, durations, changes, and the
 * fitting of untrusted text (finding types, bucket names, owners) into Slack's limits. Escaping
 * and cutting are the Slack helpers' (`src/slack/blocks/text.ts`): `truncate` never leaves half
 * an `&amp;` entity, so escaped text can be cut after escaping.
 */

export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes < 1) return '<1m';
  if (minutes < 60) return `${Math.round(minutes)}m`;
  if (minutes < 48 * 60) {
    const h = Math.floor(minutes / 60);
    const m = Math.round(minutes - h * 60);
    return m ? `${h}h ${m}m` : `${h}h`;
  }
  const d = Math.floor(minutes / 1440);
  const h = Math.round((minutes - d * 1440) / 60);
  return h ? `${d}d ${h}h` : `${d}d`;
}

export function formatStats(stats: DurationStats): string {
  if (stats.count === 0) return 'none this week';
  return `median ${formatMinutes(stats.medianMinutes)}, p90 ${formatMinutes(stats.p90Minutes)} (n=${stats.count})`;
}

export function formatChange(change: CountChange): string {
  const sign = change.delta > 0 ? '+' : change.delta < 0 ? '−' : '±';
  const pct =
    change.percentChange === null || change.delta === 0
      ? ''
      : `, ${sign}${Math.round(Math.abs(change.percentChange))}%`;
  return `${change.current} (${sign}${Math.abs(change.delta)} vs ${change.previous}${pct})`;
}

export const STATUS_LABEL: Readonly<Record<ScorecardStatus, string>> = {
  good: 'Good',
  'needs-attention': 'Needs attention',
  'at-risk': 'At risk',
  'could-not-check': 'Could not check',
};

export const STATUS_EMOJI: Readonly<Record<ScorecardStatus, string>> = {
  good: ':large_green_circle:',
  'needs-attention': ':large_yellow_circle:',
  'at-risk': ':red_circle:',
  'could-not-check': ':white_circle:',
};

/**
 * Lines that fit in `max` characters together, ending with "…and N more" when some do not.
 * `lines` must already be escaped for where they go.
 */
export function fitLines(lines: readonly string[], max: number, moreBeyond = 0, maxLines = 10): string {
  const kept: string[] = [];
  let length = 0;
  const reserve = 40;
  for (const line of lines) {
    if (kept.length >= maxLines || length + line.length + 1 > max - reserve) break;
    kept.push(line);
    length += line.length + 1;
  }
  const more = lines.length - kept.length + moreBeyond;
  if (more > 0) kept.push(`…and ${more} more`);
  return kept.join('\n');
}

/** The chart's numbers as text: one row per rolling week, for when the image is missing. */
export function chartAsRows(figures: DigestFigures): string[] {
  const weeks: DailyCount[][] = [0, 1, 2, 3].map((w) => figures.daily.slice(w * 7, w * 7 + 7));
  return weeks.map((days, i) => {
    const first = days[0]?.date ?? '';
    const last = days[days.length - 1]?.date ?? '';
    const counts = SEVERITY_LABELS.map((s) => days.reduce((sum, d) => sum + d.counts[s], 0));
    const total = counts.reduce((a, b) => a + b, 0);
    const bySeverity = [...SEVERITY_LABELS]
      .reverse()
      .map((s) => `${s} ${counts[SEVERITY_LABELS.indexOf(s)] ?? 0}`)
      .join(', ');
    const mtta = figures.weeklyMtta[i]?.mtta.medianMinutes ?? null;
    return `${shortDate(first)}–${shortDate(last)}: ${total} opened (${bySeverity}); MTTA median ${formatMinutes(mtta)}`;
  });
}

/** "9 · last week 4": the count with the one before it, for the week's key numbers. */
export function withLastWeek(change: CountChange): string {
  return `${change.current} · last week ${change.previous}`;
}

/**
 * A median with last week's, or undefined when there is none this week (the caller says what
 * did not happen: "No incidents acknowledged this week").
 */
export function medianWithLastWeek(
  current: DurationStats,
  previous: DurationStats,
  noneLastWeek: string,
): string | undefined {
  if (current.count === 0) return undefined;
  const last = previous.count === 0 ? noneLastWeek : `last week ${formatMinutes(previous.medianMinutes)}`;
  return `${formatMinutes(current.medianMinutes)} · ${last}`;
}

/** "Mar 12, 08:00 UTC": when a mute ends, short enough for one list line. */
export function shortUtc(iso: string | undefined): string {
  if (!iso) return 'never';
  const at = new Date(Date.parse(iso));
  return `${shortDate(at.toISOString().slice(0, 10))}, ${at.toISOString().slice(11, 16)} UTC`;
}
