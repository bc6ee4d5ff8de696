import type { Redis } from 'ioredis';
import { ReplyError } from 'ioredis';

/**
 * Calls of one script made in the same turn of the event loop, sent to Redis as one `EVALSHA`.
 *
 * Each command is a write to the socket (a system call) plus ioredis' own work, whatever it
 * carries; on the alert path that fixed cost was most of what the worker spent on Redis. A batch
 * job applies many alerts at once, so their reads (and then their commits, and then their card
 * requests) are made in the same turn: sent together, they cost one command.
 *
 * The wrapper runs each call's script in order as a Lua function of its own KEYS and ARGV, inside
 * `pcall`, so every call gets its own result or its own error, exactly as if it had been sent
 * alone: a script is atomic either way, and calls run in the order they were made. Only scripts
 * whose callers await each call before issuing another command use this (a batch is sent after
 * the current turn, so a plain command issued right after an unawaited call would overtake it).
 */

/** At most this many calls in one command: a batch keeps Redis busy for its whole length. */
export const MAX_CALLS_PER_BATCH = 64;

interface PendingCall {
  readonly keys: readonly string[];
  readonly args: ReadonlyArray<string | number>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** The wrapper script around `lua`: ARGV = calls, then per call its key count, arg count and args. */
export function batchedLua(lua: string): string {
  return `
local function call(KEYS, ARGV)
${lua}
end
local results = {}
local calls = tonumber(ARGV[1])
local k, a = 0, 2
for c = 1, calls do
  local nk, na = tonumber(ARGV[a]), tonumber(ARGV[a + 1])
  a = a + 2
  local keys, args = {}, {}
  for i = 1, nk do keys[i] = KEYS[k + i] end
  for i = 1, na do args[i] = ARGV[a + i - 1] end
  k, a = k + nk, a + na
  local ok, result = pcall(call, keys, args)
  if ok then
    results[c] = {1, result}
  elseif type(result) == 'table' and result.err then
    results[c] = {0, result.err}
  else
    results[c] = {0, tostring(result)}
  end
end
return results
`;
}

type Send = (redis: Redis, keys: string[], args: Array<string | number>) => Promise<unknown>;

/**
 * Queues calls per client and sends each turn's as one command: alone (`sendOne`, the script
 * itself) when there is one, else through the wrapper (`sendBatch`).
 */
export function createScriptBatcher(sendOne: Send, sendBatch: Send) {
  const pending = new WeakMap<Redis, PendingCall[]>();

  function flush(redis: Redis): void {
    const calls = pending.get(redis) ?? [];
    pending.delete(redis);
    for (let at = 0; at < calls.length; at += MAX_CALLS_PER_BATCH)
      send(redis, calls.slice(at, at + MAX_CALLS_PER_BATCH));
  }

  function send(redis: Redis, calls: readonly PendingCall[]): void {
    const failAll = (error: unknown) => {
      for (const call of calls) call.reject(error);
    };
    try {
      const [only] = calls;
      if (only && calls.length === 1) {
        sendOne(redis, [...only.keys], [...only.args]).then(only.resolve, only.reject);
        return;
      }
      const keys: string[] = [];
      const args: Array<string | number> = [calls.length];
      for (const call of calls) {
        keys.push(...call.keys);
        args.push(call.keys.length, call.args.length, ...call.args);
      }
      sendBatch(redis, keys, args).then((reply) => settle(calls, reply), failAll);
    } catch (error) {
      // Sent after the caller's turn: a throw here would be nobody's, and the calls never answered.
      failAll(error);
    }
  }

  /** Hands each call its own result or error from the wrapper's reply. */
  function settle(calls: readonly PendingCall[], reply: unknown): void {
    const results = Array.isArray(reply) ? (reply as unknown[]) : [];
    calls.forEach((call, i) => {
      const result = results[i];
      if (!Array.isArray(result))
        call.reject(new Error(`no result for this call in the batch of ${calls.length}`));
      else if (result[0] === 1) call.resolve(result[1] ?? null);
      else call.reject(new ReplyError(String(result[1])));
    });
  }

  return {
    run(redis: Redis, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
      return new Promise((resolve, reject) => {
        let queued = pending.get(redis);
        if (!queued) {
          queued = [];
          pending.set(redis, queued);
          // After the current turn's promise reactions: every call they make joins this batch.
          process.nextTick(() => flush(redis));
        }
        queued.push({ keys, args, resolve, reject });
      });
    },
  };
}
