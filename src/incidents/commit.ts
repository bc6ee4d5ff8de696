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
    if op[4] then redis.call('SET', k, op[3], 'PX', op[4]) else redis.call('SET', k, op[3]) end
  elseif name == 'del' then redis.call('DEL', k)
  elseif name == 'sadd' then redis.call('SADD', k, op[3])
  elseif name == 'srem' then redis.call('SREM', k, op[3])
  elseif name == 'zadd' then redis.call('ZADD', k, op[3], op[4])
  elseif name == 'zremrangebyscore' then redis.call('ZREMRANGEBYSCORE', k, '-inf', op[3])
  elseif name == 'xadd' then redis.call('XADD', k, 'MAXLEN', '~', op[3], '*', unpack(op[4]))
  end
end
return 1
`;
const COMMIT = redisScript('commitIfUnchanged', 'variable', SCRIPT);

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
  const encoded = ops.map((o) => {
    switch (o.op) {
      case 'set':
        return o.ttlMs === undefined
          ? ['set', indexOf(o.key), o.value]
          : ['set', indexOf(o.key), o.value, Math.max(1, Math.round(o.ttlMs))];
      case 'del':
        return ['del', indexOf(o.key)];
      case 'sadd':
      case 'srem':
        return [o.op, indexOf(o.key), o.member];
      case 'zadd':
        return ['zadd', indexOf(o.key), String(o.score), o.member];
      case 'xadd':
        return ['xadd', indexOf(o.key), String(o.maxLen), o.fields];
      default:
        return ['zremrangebyscore', indexOf(o.key), String(o.max)];
    }
  });
  const args = [String(guards.length), ...guards.map((g) => g.expected ?? ABSENT), JSON.stringify(encoded)];
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
