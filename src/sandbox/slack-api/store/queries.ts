import type { CallRecord } from './types.js';

/**
 * The largest number of records inside any window of `windowMs` (a sliding window over sorted
 * times): what "posts per second" means when checking a rate limiter.
 */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** Successful chat.postMessage calls into one channel. */
export function postsTo(calls: readonly CallRecord[], channel: string): CallRecord[] {
  return calls.filter((c) => c.method === 'chat.postMessage' && c.outcome === 'ok' && c.channel === channel);
}
