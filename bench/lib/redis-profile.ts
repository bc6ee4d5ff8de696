import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import type { Redis } from 'ioredis';

/**
 * Where a scenario's Redis commands go. `INFO commandstats` counts every command, those run
 * inside Lua scripts included, so a diff says which commands dominate; a short MONITOR sample
 * says which scripts issue them (MONITOR slows Redis down, so it is taken only when asked).
 */

/** Calls per command name (lower case) from `INFO commandstats`. */
export function parseCommandStats(info: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    const [, name, count] = match;
    if (name !== undefined && count !== undefined) calls.set(name.toLowerCase(), Number(count));
  }
  return calls;
}

/** One numeric field of an `INFO` reply (`used_memory`, `used_cpu_sys`, `total_net_input_bytes`…); 0 when absent. */
export function infoNumber(info: string, field: string): number {
  const match = new RegExp(`^${field}:([\\d.]+)\\r?$`, 'm').exec(info);
  return match?.[1] === undefined ? 0 : Number(match[1]);
}

export async function commandStats(redis: Redis): Promise<Map<string, number>> {
  return parseCommandStats(await redis.info('commandstats'));
}

export const totalCalls = (stats: ReadonlyMap<string, number>): number =>
  [...stats.values()].reduce((sum, n) => sum + n, 0);

/** The `top` commands by calls between two snapshots, per alert, rounded to 0.1. */
export function commandsPerAlert(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
  alerts: number,
  top = 15,
): Record<string, number> {
  const diffs = [...after].map(([name, n]) => [name, n - (before.get(name) ?? 0)] as const);
  return Object.fromEntries(
    diffs
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, n]) => [name, Math.round((n / alerts) * 10) / 10]),
  );
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/** BullMQ's scripts by the SHA-1 ioredis sends them under (EVALSHA), so a sample can name them. */
function bullmqScriptNames(): Map<string, string> {
  const names = new Map<string, string>();
  try {
    const scripts = createRequire(import.meta.url)('bullmq/dist/cjs/scripts/index.js') as Record<
      string,
      { name: string; content: string }
    >;
    for (const script of Object.values(scripts)) names.set(sha1(script.content), `bullmq:${script.name}`);
  } catch {
    // A BullMQ layout without this file: scripts are named by their SHA-1 prefix instead.
  }
  return names;
}

/**
 * A script given inline (EVAL) is named by its first line of code, which in this project is
 * specific enough to find it (`grep -rn`).
 */
export function evalLabel(script: string): string {
  const line = script
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0 && !l.startsWith('--'));
  return `eval:${(line ?? '').slice(0, 60)}`;
}

export interface ScriptSample {
  /** Commands seen in the sample, Lua-internal ones included. */
  readonly commands: number;
  /** Per client command or script: how often it was called and the commands it ran inside. */
  readonly by: Record<string, { calls: number; inner: number }>;
}

/** The quoted arguments of one MONITOR line (`redis-cli` escapes quotes, backslashes, `\n`). */
export function monitorArgs(line: string): { source: string; args: string[] } | undefined {
  const head = /^[\d.]+ \[\d+ ([^\]]+)\] /.exec(line);
  if (!head) return undefined;
  const args: string[] = [];
  for (const match of line.slice(head[0].length).matchAll(/"((?:[^"\\]|\\.)*)"/g))
    args.push((match[1] ?? '').replace(/\\n/g, '\n').replace(/\\(.)/g, '$1'));
  return { source: head[1] === 'lua' ? 'lua' : 'client', args };
}

/**
 * Watches every command with `redis-cli MONITOR` (ioredis's monitor mode trips over a busy
 * server) for `windowMs` out of every `everyMs` until stopped, so the sample covers the whole
 * run evenly (intake early, the outbox late) at a fraction of MONITOR's cost. Lua-internal
 * commands follow their script's line in MONITOR's output (Redis runs one command at a time),
 * so each is attributed to the script before it.
 */
export function sampleCommands(
  redisUrl: string,
  windowMs: number,
  everyMs: number,
): { stop(): Promise<ScriptSample> } {
  const shaNames = bullmqScriptNames();
  const by: Record<string, { calls: number; inner: number }> = {};
  let commands = 0;
  let stopped = false;
  const window = async (): Promise<void> => {
    let current: { calls: number; inner: number } | undefined;
    const child = spawn('redis-cli', ['-u', redisUrl, 'monitor'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const parsed = monitorArgs(line);
      if (!parsed) return;
      commands++;
      if (parsed.source === 'lua') {
        if (current) current.inner++;
        return;
      }
      const [command = '', first = ''] = parsed.args;
      const name = command.toLowerCase();
      let label = name;
      if (name === 'evalsha') label = shaNames.get(first) ?? `evalsha:${first.slice(0, 8)}`;
      // ioredis sends a script's text once, when Redis does not have it yet (NOSCRIPT).
      else if (name === 'eval') label = shaNames.get(sha1(first)) ?? evalLabel(first);
      const entry = by[label] ?? { calls: 0, inner: 0 };
      by[label] = entry;
      entry.calls++;
      current = entry;
    });
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    lines.close();
  };
  const loop = (async () => {
    while (!stopped) {
      await window();
      await new Promise((resolve) => setTimeout(resolve, everyMs - windowMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { commands, by };
    },
  };
}

/**
 * The sample scaled to the whole run: each entry's share of the sampled commands times the
 * commands per alert, biggest first (`calls` per alert and `commands` per alert, inner included).
 */
export function samplePerAlert(
  sample: ScriptSample,
  commandsPerAlertTotal: number,
  top = 15,
): Record<string, { calls: number; commands: number }> {
  if (sample.commands === 0) return {};
  const scale = commandsPerAlertTotal / sample.commands;
  const r = (n: number) => Math.round(n * scale * 100) / 100;
  return Object.fromEntries(
    Object.entries(sample.by)
      .sort((a, b) => b[1].calls + b[1].inner - (a[1].calls + a[1].inner))
      .slice(0, top)
      .map(([label, e]) => [label, { calls: r(e.calls), commands: r(e.calls + e.inner) }]),
  );
}
