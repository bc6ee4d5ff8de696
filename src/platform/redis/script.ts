import type { Redis } from 'ioredis';
import { batchedLua, createScriptBatcher } from './script-batches.js';

/**
 * A Lua script sent by `EVALSHA`: ioredis' `defineCommand` sends the 40-character digest once the
 * script is loaded and falls back to `EVAL` by itself when Redis answers `NOSCRIPT` (after a
 * restart or `SCRIPT FLUSH`). A plain `redis.eval(script, …)` sends the whole text every call and
 * makes Redis hash it again: on the per-alert path that was a few kilobytes per alert for nothing.
 *
 * The command is defined on each client the first time the script runs on it, under a name
 * unique to the script, so any client (the app's, a test's) can run it.
 */
export interface RedisScript {
  run(redis: Redis, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown>;
}

type ScriptClient = Record<string, (...args: Array<string | number>) => Promise<unknown>>;

export interface RedisScriptOptions {
  /**
   * Calls made in the same turn of the event loop go to Redis as one command (script-batches.ts).
   * Only for scripts whose callers await each call before sending anything else.
   */
  readonly batched?: boolean;
}

/** Sends `lua` by digest on `redis` as the client method `command` (defined on first use). */
function sender(command: string, numberOfKeys: number | 'variable', lua: string) {
  const variable = numberOfKeys === 'variable';
  return (redis: Redis, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> => {
    const client = redis as unknown as Partial<ScriptClient>;
    if (typeof client[command] !== 'function')
      redis.defineCommand(command, variable ? { lua } : { numberOfKeys, lua });
    const defined = redis as unknown as ScriptClient;
    // Called as a method: ioredis' command reads its client from `this`.
    return variable ? defined[command]!(keys.length, ...keys, ...args) : defined[command]!(...keys, ...args);
  };
}

/**
 * `name` must be unique among the project's scripts (it becomes a method of the client).
 * `numberOfKeys` is the count every call passes, or `'variable'` for a script whose calls differ.
 */
export function redisScript(
  name: string,
  numberOfKeys: number | 'variable',
  lua: string,
  options: RedisScriptOptions = {},
): RedisScript {
  const sendOne = sender(`watchkeeper_${name}`, numberOfKeys, lua);
  const batcher = options.batched
    ? createScriptBatcher(sendOne, sender(`watchkeeper_${name}_batch`, 'variable', batchedLua(lua)))
    : undefined;
  return {
    run(redis, keys, args) {
      if (numberOfKeys !== 'variable' && keys.length !== numberOfKeys)
        throw new Error(`script ${name} takes ${numberOfKeys} keys, was given ${keys.length}`);
      return batcher ? batcher.run(redis, keys, args) : sendOne(redis, keys, args);
    },
  };
}
