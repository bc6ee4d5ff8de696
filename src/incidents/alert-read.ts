import type { Redis } from 'ioredis';
import { redisScript } from '../platform/redis/script.js';
import type { IncidentKeys } from './keys.js';

/**
 * Everything applying one alert needs to read, in one round trip: the mute rules, the alert's
 * dedupe and group links, and the stored incident and meta each link names. Every string comes
 * back exactly as stored (null when absent), so the commit can guard on it unchanged: a change
 * made after this read makes the commit lose, and the caller reads again.
 *
 * The script reads incident and meta keys it builds from the ids the links hold, keys it cannot
 * declare in advance. On a single node that is plain Redis. On Redis Cluster it works only because
 * every engine key lives under the one hash-tagged prefix `check-config` requires there (so they
 * share the declared keys' slot), as the remediation store's CREATE script already relies on.
 */

/** The stored text of one incident and its meta, null where absent. */
export interface StoredIncident {
  readonly text: string | null;
  readonly metaText: string | null;
}

export interface AlertRead {
  /** The mute rules' stored JSON (the values of the mutes hash), unvalidated. */
  readonly muteTexts: readonly string[];
  readonly dedupeId: string | null;
  readonly groupId: string | null;
  /** The stored incident and meta of the dedupe id and the group id (one entry when they are equal). */
  readonly stored: ReadonlyMap<string, StoredIncident>;
}

// KEYS: mutes hash, dedupe link, group link. ARGV: incident key prefix, meta key prefix.
// Returns {mute fields and values, dedupe id, group id, [incident, meta] of each id read}.
const SCRIPT = `
local mutes = redis.call('HGETALL', KEYS[1])
local links = redis.call('MGET', KEYS[2], KEYS[3])
local dedupeId, groupId = links[1], links[2]
local ids = {}
if dedupeId then ids[#ids + 1] = dedupeId end
if groupId and groupId ~= dedupeId then ids[#ids + 1] = groupId end
local stored = {}
if #ids > 0 then
  local names = {}
  for _, id in ipairs(ids) do
    names[#names + 1] = ARGV[1] .. id
    names[#names + 1] = ARGV[2] .. id
  end
  stored = redis.call('MGET', unpack(names))
end
return {mutes, dedupeId, groupId, stored}
`;

// Batched: the alerts a worker applies at once read in one command (script-batches.ts).
const READ = redisScript('incidentAlertRead', 3, SCRIPT, { batched: true });

type RawReply = [string[], string | null, string | null, (string | null)[]];

export async function readForAlert(
  redis: Redis,
  keys: IncidentKeys,
  links: { readonly dedupeKey: string; readonly groupKey: string },
): Promise<AlertRead> {
  const [mutes, dedupeId, groupId, texts] = (await READ.run(
    redis,
    [keys.mutes, links.dedupeKey, links.groupKey],
    [keys.incident(''), keys.meta('')],
  )) as RawReply;
  const muteTexts: string[] = [];
  for (let i = 1; i < mutes.length; i += 2) muteTexts.push(mutes[i] as string);
  // The ids the script read, in its order: any id present (as Lua tests it), the group's once.
  const ids = [dedupeId, groupId].filter(
    (id, at, all): id is string => id !== null && id !== undefined && all.indexOf(id) === at,
  );
  const stored = new Map<string, StoredIncident>();
  ids.forEach((id, at) => {
    stored.set(id, { text: texts[2 * at] ?? null, metaText: texts[2 * at + 1] ?? null });
  });
  return { muteTexts, dedupeId: dedupeId ?? null, groupId: groupId ?? null, stored };
}
