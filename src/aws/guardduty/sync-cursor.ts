import type { Redis } from 'ioredis';

/**
 * Where the GuardDuty sync remembers how far it got: the largest finding `updatedAt` (epoch ms)
 * it has enqueued, per account and region.
 */
export interface CursorStore {
  get(key: string): Promise<number | undefined>;
  /** Moves the cursor forward to `epochMs`; never moves it back (a slower overlapping run cannot undo progress). */
  set(key: string, epochMs: number): Promise<void>;
}

/** The cursor key for one account, region and detector. */
export function guardDutyCursorKey(accountId: string, region: string, detectorId: string): string {
  return `guardduty-sync-cursor:${accountId}:${region}:${detectorId}`;
}

// Compare-and-set in one step, so two runs racing cannot move the cursor backwards.
const ADVANCE = `
local current = tonumber(redis.call('GET', KEYS[1]))
local proposed = tonumber(ARGV[1])
if current == nil or proposed > current then
  redis.call('SET', KEYS[1], ARGV[1])
  return 1
end
return 0
`;

/**
 * Cursor store in Redis under `<prefix>:<key>`. Use the configured Redis prefix (with its hash
 * tag on Redis Cluster); the keys have no TTL because losing one only costs a re-backfill.
 */
export class RedisCursorStore implements CursorStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private fullKey(key: string): string {
    return `${this.prefix}:${key}`;
  }

  async get(key: string): Promise<number | undefined> {
    const value = await this.redis.get(this.fullKey(key));
    if (value === null) return undefined;
    const epochMs = Number(value);
    // A hand-edited or corrupt value behaves like no cursor: the sync backfills, it does not stop.
    return Number.isSafeInteger(epochMs) && epochMs >= 0 ? epochMs : undefined;
  }

  async set(key: string, epochMs: number): Promise<void> {
    if (!Number.isSafeInteger(epochMs) || epochMs < 0) {
      throw new RangeError(`GuardDuty sync cursor must be epoch milliseconds, got ${epochMs}`);
    }
    await this.redis.eval(ADVANCE, 1, this.fullKey(key), String(epochMs));
  }
}
