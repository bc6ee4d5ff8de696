import type { Redis } from 'ioredis';
import { z } from 'zod';

/**
 * How far poll mode got, per detection and log group: every log event before `timestampMs` is
 * done, and so are the `eventIds` at exactly `timestampMs`. The next window starts at
 * `timestampMs` inclusive, so an event that shares the last millisecond is neither lost nor
 * enqueued twice.
 */
export interface LogCursor {
  readonly timestampMs: number;
  readonly eventIds: readonly string[];
}

export interface LogCursorStore {
  get(key: string): Promise<LogCursor | undefined>;
  /** Moves forward only: a later timestamp replaces, the same timestamp adds ids, an earlier one is ignored. */
  advance(key: string, cursor: LogCursor): Promise<void>;
}

export function logWatchCursorKey(
  accountId: string,
  region: string,
  logGroupName: string,
  detectionId: string,
): string {
  return `log-watch-cursor:${accountId}:${region}:${logGroupName}:${detectionId}`;
}

const cursorSchema = z.object({
  timestampMs: z.number().int().nonnegative(),
  eventIds: z.array(z.string()),
});

/** Whether a log event at `timestampMs` with `eventId` is already behind the cursor. */
export function isBehind(cursor: LogCursor | undefined, timestampMs: number, eventId: string): boolean {
  if (cursor === undefined) return false;
  return (
    timestampMs < cursor.timestampMs ||
    (timestampMs === cursor.timestampMs && cursor.eventIds.includes(eventId))
  );
}

/** The cursor after `events` (any order) were enqueued on top of `cursor`. */
export function cursorAfter(
  cursor: LogCursor | undefined,
  events: ReadonlyArray<{ readonly timestampMs: number; readonly eventId: string }>,
): LogCursor | undefined {
  let next = cursor;
  for (const { timestampMs, eventId } of events) {
    if (next === undefined || timestampMs > next.timestampMs) next = { timestampMs, eventIds: [eventId] };
    else if (timestampMs === next.timestampMs && !next.eventIds.includes(eventId))
      next = { timestampMs, eventIds: [...next.eventIds, eventId] };
  }
  return next;
}

// Same rule as cursorAfter, in one step, so two overlapping runs cannot move a cursor back.
const ADVANCE = `
local proposed = cjson.decode(ARGV[1])
local raw = redis.call('GET', KEYS[1])
local ok, current = pcall(cjson.decode, raw or '')
if not ok or type(current) ~= 'table' or type(current.timestampMs) ~= 'number' then
  redis.call('SET', KEYS[1], ARGV[1])
  return 1
end
if proposed.timestampMs > current.timestampMs then
  redis.call('SET', KEYS[1], ARGV[1])
  return 1
end
if proposed.timestampMs == current.timestampMs then
  local seen = {}
  local ids = {}
  for _, id in ipairs(current.eventIds or {}) do seen[id] = true; table.insert(ids, id) end
  for _, id in ipairs(proposed.eventIds or {}) do
    if not seen[id] then seen[id] = true; table.insert(ids, id) end
  end
  -- cjson writes an empty table as {}, so an empty id list is left as it was stored.
  if #ids == 0 then return 0 end
  redis.call('SET', KEYS[1], cjson.encode({ timestampMs = current.timestampMs, eventIds = ids }))
  return 1
end
return 0
`;

/** Cursors in Redis under `<prefix>:<key>`, as JSON; no TTL, since losing one costs a re-backfill. */
export class RedisLogCursorStore implements LogCursorStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get(key: string): Promise<LogCursor | undefined> {
    const raw = await this.redis.get(`${this.prefix}:${key}`);
    if (raw === null) return undefined;
    try {
      const parsed = cursorSchema.safeParse(JSON.parse(raw));
      // A corrupt value behaves like no cursor: the detection backfills, it does not stop.
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  async advance(key: string, cursor: LogCursor): Promise<void> {
    const checked = cursorSchema.parse(cursor);
    await this.redis.eval(ADVANCE, 1, `${this.prefix}:${key}`, JSON.stringify(checked));
  }
}
