import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { redisServerAvailable } from '../../src/sandbox/redis-server.js';

/**
 * `watchkeeper demo` in a terminal, with Ctrl-C: the demo runs in a child process that leads its
 * own process group (the terminal's foreground group), and SIGINT goes to the whole group, as a
 * terminal sends it. The child is the built CLI (`npm test` builds dist/ first, as for the other
 * tests that start Watchkeeper as a process), so it starts in a second, not after a transform.
 */

const repo = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repo, 'bin/watchkeeper.js');

interface DemoRun {
  readonly child: ChildProcess;
  /** The private redis-server, once seen: killed after the test if the demo left it running. */
  redisPid?: number;
  readonly privateTmp: string;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

function startDemoProcess(): DemoRun {
  // Its own TMPDIR: whatever the demo leaves in a temporary folder shows up here.
  const privateTmp = mkdtempSync(join(tmpdir(), 'wk-demo-tmp-'));
  const env: Record<string, string | undefined> = {
    ...process.env,
    TMPDIR: privateTmp,
    WATCHKEEPER_LOG_LEVEL: 'warn',
  };
  delete env.REDIS_URL;
  const child = spawn(process.execPath, [bin, 'demo', '--port', '0'], {
    cwd: repo,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, privateTmp, stdout: () => out, stderr: () => err, exited };
}

/** Children of a process by /proc (pid, process group, command name, arguments). */
function childrenOf(pid: number): Array<{ pid: number; pgid: number; comm: string; args: string }> {
  const found: Array<{ pid: number; pgid: number; comm: string; args: string }> = [];
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const [, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(ppid) !== pid) continue;
    let args = '';
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    found.push({ pid: Number(entry), pgid: Number(pgid), comm, args });
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(what: string, probe: () => T | undefined, tries = 1200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await sleep(50);
  }
  throw new Error(`gave up waiting for ${what}`);
}

const runs: DemoRun[] = [];
afterAll(() => {
  for (const run of runs) {
    if (run.child.exitCode === null) process.kill(-(run.child.pid as number), 'SIGKILL');
    if (run.redisPid !== undefined && alive(run.redisPid)) process.kill(run.redisPid, 'SIGKILL');
    rmSync(run.privateTmp, { recursive: true, force: true });
  }
});

describe.runIf(redisServerAvailable())('watchkeeper demo and Ctrl-C', () => {
  const BANNER = 'Watchkeeper sandbox is running';

  async function ctrlC(when: 'at-banner' | 'during-start-up') {
    const run = startDemoProcess();
    runs.push(run);
    const pid = run.child.pid as number;
    // The server itself, not the `redis-server --version` probe before it (a running redis-server
    // rewrites its command line to `redis-server 127.0.0.1:PORT`, so --port cannot be looked for).
    // A probe that is exiting still has its name but an empty command line: skip that too, or the
    // probe is taken for the server (in the probe's process group) and the real server outlives us.
    const redis = await until('the private redis-server', () =>
      childrenOf(pid).find(
        (c) => c.comm === 'redis-server' && c.args.trim() !== '' && !c.args.includes('--version'),
      ),
    );
    run.redisPid = redis.pid;
    // Ctrl-C reaches the terminal's whole foreground group: Redis must lead a group of its own.
    expect(redis.pgid).toBe(redis.pid);
    expect(redis.pgid).not.toBe(pid);
    if (when === 'at-banner')
      await until('the banner', () => (run.stdout().includes(BANNER) ? true : undefined));
    process.kill(-pid, 'SIGINT');
    const code = await run.exited;
    return { run, code, redisPid: redis.pid };
  }

  it.each(['at-banner', 'at-banner', 'during-start-up'] as const)(
    'Ctrl-C %s stops the bot, then Redis, and leaves nothing behind',
    async (when) => {
      const { run, code, redisPid } = await ctrlC(when);
      expect(run.stderr()).not.toMatch(/ECONNREFUSED/);
      expect(code, run.stderr()).toBe(0);
      expect(run.stdout()).toContain('Sandbox stopped.');
      expect(alive(redisPid)).toBe(false);
      expect(readdirSync(run.privateTmp)).toEqual([]);
    },
    120_000,
  );
});
