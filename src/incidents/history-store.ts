import type { Redis } from 'ioredis';
import type { WriteOp } from './commit.js';
import {
  HISTORY_RETENTION_WEEKS,
  type IncidentHistoryRecord,
  parseIncidentHistoryRecord,
} from './history.js';
import type { Incident } from './incident.js';
import type { IncidentKeys } from './keys.js';

/**
 * One history record per incident for the weekly digest, rewritten on every transition in the
 * same atomic commit, kept 13 weeks (key TTL, and the index trimmed on each write), and indexed
 * by `openedAt` so the digest can ask for a time range.
 */

export const HISTORY_RETENTION_MS = HISTORY_RETENTION_WEEKS * 7 * 24 * 3_600_000;

export function historyWrites(
  keys: IncidentKeys,
  incident: Incident,
  record: IncidentHistoryRecord,
  now: Date,
  retentionMs: number = HISTORY_RETENTION_MS,
): WriteOp[] {
  return [
    { op: 'set', key: keys.history(incident.id), value: JSON.stringify(record), ttlMs: retentionMs },
    { op: 'zadd', key: keys.historyIndex, score: Date.parse(incident.openedAt), member: incident.id },
    { op: 'zremrangebyscore', key: keys.historyIndex, max: now.getTime() - retentionMs },
  ];
}

/** History records of incidents opened in [from, to). */
export async function queryHistory(
  redis: Redis,
  keys: IncidentKeys,
  range: { from: Date; to: Date },
): Promise<IncidentHistoryRecord[]> {
  const ids = await redis.zrangebyscore(keys.historyIndex, range.from.getTime(), `(${range.to.getTime()}`);
  if (ids.length === 0) return [];
  const texts = await redis.mget(...ids.map((id) => keys.history(id)));
  return texts
    .filter((t): t is string => t !== null)
    .map((t) => parseIncidentHistoryRecord(JSON.parse(t) as unknown));
}
