import type { Redis } from 'ioredis';

/**
 * One FilterLogEvents budget per account and region, shared by every replica, poll mode and
 * alarm mode: CloudWatch Logs allows 5 FilterLogEvents calls per second per account and
 * region, and a throttled poll would only retry into the same wall.
 *
 * A token bucket in Redis, refilled at `requestsPerSecond` and holding at most `burst` tokens.
 * The default burst of 1 spaces calls evenly (every 250 ms at 4/s), so no one-second window
 * sees more than 5 calls. Time comes from the injected clock, not Redis TIME, so tests can
 * drive it; replicas' clocks only need to agree to within a few milliseconds.
 */

export interface RateScope {
  readonly accountId: string;
  readonly region: string;
}

export interface RateBudget {
  /** Resolves when one call may be made now; waits (bounded) when the bucket is empty. */
  acquire(scope: RateScope): Promise<void>;
}

export interface RedisRateBudgetOptions {
  readonly redis: Redis;
  /** The configured Redis prefix (with its hash tag on Redis Cluster). */
  readonly prefix: string;
  /** @defaultValue 4 */
  readonly requestsPerSecond?: number;
  /** @defaultValue 1 */
  readonly burst?: number;
  readonly now: () => Date;
  /** @defaultValue setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Longest one `acquire` waits before giving up (the job is retried later). @defaultValue 30 s */
  readonly maxWaitMs?: number;
}

export const DEFAULT_REQUESTS_PER_SECOND = 4;

/** Thrown when the budget stayed empty for `maxWaitMs`: something else is using the account's budget. */
export class RateBudgetTimeoutError extends Error {
  constructor(scope: RateScope, waitedMs: number) {
    super(
      `CloudWatch Logs rate budget for ${scope.accountId}/${scope.region} stayed empty for ${waitedMs} ms`,
    );
    this.name = 'RateBudgetTimeoutError';
  }
}

export function rateBudgetKey(prefix: string, scope: RateScope): string {
  return `${prefix}:logs-rate:${scope.accountId}:${scope.region}`;
}

// Refill by elapsed time, then take one token or say how long until one is there. A clock
// behind the stored one refills nothing rather than going negative.
// KEYS[1] bucket; ARGV: tokens per ms, burst, now (ms), key ttl (ms). Returns ms to wait (0 = taken).
const TAKE = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
if now > at then
  tokens = math.min(burst, tokens + (now - at) * rate)
  at = now
end
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.ceil((1 - tokens) / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return wait
`;

export class RedisRateBudget implements RateBudget {
  readonly #options: RedisRateBudgetOptions;
  readonly #perMs: number;
  readonly #burst: number;

  constructor(options: RedisRateBudgetOptions) {
    const rate = options.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND;
    const burst = options.burst ?? 1;
    if (!(rate > 0)) throw new RangeError(`requestsPerSecond must be positive, got ${rate}`);
    if (!(burst >= 1)) throw new RangeError(`burst must be at least 1, got ${burst}`);
    this.#options = options;
    this.#perMs = rate / 1000;
    this.#burst = burst;
  }

  /** One attempt: 0 when a token was taken, else the milliseconds until one will be there. */
  async tryTake(scope: RateScope): Promise<number> {
    const ttlMs = Math.ceil(this.#burst / this.#perMs) + 60_000;
    const wait = await this.#options.redis.eval(
      TAKE,
      1,
      rateBudgetKey(this.#options.prefix, scope),
      String(this.#perMs),
      String(this.#burst),
      String(this.#options.now().getTime()),
      String(ttlMs),
    );
    return Number(wait);
  }

  async acquire(scope: RateScope): Promise<void> {
    const sleep = this.#options.sleep ?? defaultSleep;
    const maxWaitMs = this.#options.maxWaitMs ?? 30_000;
    let waited = 0;
    for (;;) {
      const wait = await this.tryTake(scope);
      if (wait <= 0) return;
      // Other replicas may take the token first; then we wait again, until the bound.
      if (waited + wait > maxWaitMs) throw new RateBudgetTimeoutError(scope, waited);
      await sleep(wait);
      waited += wait;
    }
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
