import { type PrivateRedis, startPrivateRedis } from '../../src/sandbox/redis-server.js';

/** A benchmark scenario: returns its figures; `run.ts` prints them as one JSON line. */
export interface Scenario {
  readonly name: string;
  run(context: BenchContext): Promise<Record<string, Figure>>;
}

/** A figure, or a small breakdown of one (such as Redis commands per alert by command). */
export type Figure = number | string | boolean | Readonly<Record<string, unknown>>;

export interface BenchContext {
  /** A private redis-server for this scenario (never the machine's shared one). */
  readonly redisUrl: string;
  /**
   * `--profile DIR`: scenarios that run the bot as deployed write the workers' CPU profiles
   * there and sample Redis with MONITOR (which slows it: figures of a profiled run are not comparable).
   */
  readonly profileDir?: string;
  /** `--concurrency N`: the workers' `WATCHKEEPER_WORKER_CONCURRENCY` (default: the config's). */
  readonly concurrency?: number;
}

export async function withPrivateRedis<T>(fn: (redis: PrivateRedis) => Promise<T>): Promise<T> {
  const redis = await startPrivateRedis();
  try {
    return await fn(redis);
  } finally {
    await redis.stop();
  }
}

/** Samples resident set size while `fn` runs; returns the peak in MB. */
export async function trackPeakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakRssMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakRssMb: Math.round(peak / 1024 / 1024) };
  } finally {
    clearInterval(timer);
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;
