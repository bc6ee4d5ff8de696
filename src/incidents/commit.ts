import type { Redis } from 'ioredis';
import { redisScript } from '../platform/redis/script.js';

/**
 * Optimistic, atomic writes: read what you need, compute the new state in TypeScript, then
 * commit with one Lua script that first checks every guarded key still holds exactly what was
 * read. A lost race returns false and the caller reads again. Lua (not WATCH/MULTI) because
 * WATCH is per connection and the app shares one connection between concurrent requests.
 */

export type WriteOp =
  | { readonly op: 'set'; readonly key: string; readonly value: string; readonly ttlMs?: number }
  | { readonly op: 'del'; readonly key: string }
  | { readonly op: 'sadd' | 'srem'; readonly key: string; readonly member: string }
  | { readonly op: 'zadd'; readonly key: string; readonly score: number; readonly member: string }
  | { readonly op: 'zremrangebyscore'; readonly key: string; readonly max: number }
  /** A stream entry (the change's audit entry), trimmed to about `maxLen` entries. */
  | {
      readonly op: 'xadd';
      readonly key: string;
      readonly maxLen: number;
      readonly fields: readonly string[];
    };

export interface Guard {
  readonly key: string;
  /** The exact string read, or null when the key was absent. */
  readonly expected: string | null;
}

// ARGV: guard count n, the n expected values, the ops as JSON, then the values the ops write. An
// op names its key by KEYS index and its values by ARGV index, so a stored text crosses as itself
// (not escaped inside the JSON, and decoded by nobody).
const SCRIPT = `
local n = tonumber(ARGV[1])
for i = 1, n do
  local cur = redis.call('GET', KEYS[i])
  if cur == false then cur = '\\0' end
  if cur ~= ARGV[i + 1] then return 0 end
end
local ops = cjson.decode(ARGV[n + 2])
for _, op in ipairs(ops) do
  local k = KEYS[op[2]]
  local name = op[1]
  if name == 'set' then
    if op[4] then redis.call('SET', k, ARGV[op[3]], 'PX', op[4]) else redis.call('SET', k, ARGV[op[3]]) end
  elseif name == 'del' then redis.call('DEL', k)
  elseif name == 'sadd' then redis.call('SADD', k, ARGV[op[3]])
  elseif name == 'srem' then redis.call('SREM', k, ARGV[op[3]])
  elseif name == 'zadd' then redis.call('ZADD', k, op[3], ARGV[op[4]])
  elseif name == 'zremrangebyscore' then redis.call('ZREMRANGEBYSCORE', k, '-inf', op[3])
  elseif name == 'xadd' then redis.call('XADD', k, 'MAXLEN', '~', op[3], '*', unpack(ARGV, op[4], op[4] + op[5] - 1))
  end
end
return 1
`;
// Batched: the alerts a worker applies at once commit in one command (script-batches.ts).
const COMMIT = redisScript('commitIfUnchanged', 'variable', SCRIPT, { batched: true });

// An absent key compares as NUL, which no stored JSON or id ever is.
const ABSENT = '\u0000';

export async function commitIfUnchanged(
  redis: Redis,
  guards: readonly Guard[],
  ops: readonly WriteOp[],
): Promise<boolean> {
  const keys: string[] = guards.map((g) => g.key);
  const indexOf = (key: string): number => {
    const at = keys.indexOf(key, guards.length);
    if (at >= 0) return at + 1;
    keys.push(key);
    return keys.length;
  };
  const values: string[] = [];
  // ARGV index (1-based) of a value: after the count, the guards and the ops.
  const valueAt = (value: string): number => values.push(value) + guards.length + 2;
  const encoded = ops.map((o) => {
    switch (o.op) {
      case 'set':
        return o.ttlMs === undefined
          ? ['set', indexOf(o.key), valueAt(o.value)]
          : ['set', indexOf(o.key), valueAt(o.value), Math.max(1, Math.round(o.ttlMs))];
      case 'del':
        return ['del', indexOf(o.key)];
      case 'sadd':
      case 'srem':
        return [o.op, indexOf(o.key), valueAt(o.member)];
      case 'zadd':
        return ['zadd', indexOf(o.key), String(o.score), valueAt(o.member)];
      case 'xadd': {
        const key = indexOf(o.key);
        const first = guards.length + 3 + values.length;
        values.push(...o.fields);
        return ['xadd', key, String(o.maxLen), first, o.fields.length];
      }
      default:
        return ['zremrangebyscore', indexOf(o.key), String(o.max)];
    }
  });
  const args = [
    String(guards.length),
    ...guards.map((g) => g.expected ?? ABSENT),
    JSON.stringify(encoded),
    ...values,
  ];
  const result = await COMMIT.run(redis, keys, args);
  return result === 1;
}

/** Runs read-compute-commit until a commit lands; errors thrown by `attempt` end the loop. */
export async function withRetries<T>(
  attempt: () => Promise<{ committed: boolean; value: T }>,
  maxAttempts = 50,
): Promise<T> {
  for (let i = 0; i < maxAttempts; i++) {
    const { committed, value } = await attempt();
    if (committed) return value;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** i)));
  }
  throw new Error(`incident write kept losing races after ${maxAttempts} attempts`);
}
