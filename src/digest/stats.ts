/**
 * The small statistics the digest quotes. Percentiles use the nearest-rank method, so every
 * figure is a time that really happened (never an interpolation between two incidents):
 *
 *   sort the n values ascending; rank = ceil(p / 100 × n); the percentile is the value at that
 *   1-based rank.
 *
 * The median is the 50th percentile by the same rule: for an even n it is the lower of the two
 * middle values, not their mean. Example: [1, 2, 3, 4] → median 2, 90th percentile 4.
 */

export const PERCENTILE_METHOD =
  'nearest-rank: sort ascending, take the value at 1-based rank ceil(p/100 × n); the median is p50 (the lower middle value when n is even)';

export function nearestRankPercentile(values: readonly number[], percentile: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

export interface DurationStats {
  /** How many incidents the figures are over. */
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export function durationStats(minutes: readonly number[]): DurationStats {
  return {
    count: minutes.length,
    medianMinutes: nearestRankPercentile(minutes, 50),
    p90Minutes: nearestRankPercentile(minutes, 90),
  };
}

export interface CountChange {
  current: number;
  previous: number;
  delta: number;
  /** Null when the previous period had none (a change from zero has no percentage). */
  percentChange: number | null;
}

export function countChange(current: number, previous: number): CountChange {
  return {
    current,
    previous,
    delta: current - previous,
    percentChange: previous === 0 ? null : ((current - previous) / previous) * 100,
  };
}

export interface RankedCount {
  key: string;
  count: number;
}

export interface TopList {
  items: RankedCount[];
  /** Distinct keys left off the list. */
  more: number;
}

/** Highest count first; ties broken by key so the list is the same on every run. */
export function topCounts(keys: Iterable<string>, limit: number): TopList {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  const ranked = [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { items: ranked.slice(0, limit), more: Math.max(0, ranked.length - limit) };
}
