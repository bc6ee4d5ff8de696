import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { DependencyMissingError } from '../platform/errors.js';

/**
 * A private redis-server for the sandbox, tests and benchmarks: its own port and data folder,
 * never the machine's shared Redis, so it can be flushed, stopped and restarted freely.
 *
 * It runs in its own process group (`detached`). Ctrl-C in a terminal sends SIGINT to the whole
 * foreground group: a redis-server in it would die at once, before the bot had stopped, and the
 * bot's workers would retry a dead Redis (ECONNREFUSED, over and over) instead of shutting down.
 * Detached, it is stopped by its owner after the bot, and a process exit that skips `stop()`
 * (a crash, a second Ctrl-C) still kills it and removes its folder.
 */
export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  /** The redis-server's process id (its own process group), while it runs. */
  pid(): number | undefined;
  stop(): Promise<void>;
  /** Starts it again on the same port and data folder (AOF survives when enabled). */
  restart(): Promise<void>;
  kill(): void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export function redisServerAvailable(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function startPrivateRedis(
  options: { appendOnly?: boolean; maxmemoryPolicy?: string } = {},
): Promise<PrivateRedis> {
  if (!redisServerAvailable()) {
    throw new DependencyMissingError(
      'redis-server',
      'Install it: `sudo apt-get install redis-server` (Debian/Ubuntu) or `brew install redis` (macOS), or set REDIS_URL to a Redis you run.',
    );
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'wk-redis-'));
  let child: ChildProcess | undefined;
  // Synchronous on purpose: 'exit' listeners cannot wait. Nothing is left behind either way.
  const leaveNothing = () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', leaveNothing);
  const launch = async () => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        options.appendOnly ? 'yes' : 'no',
        '--appendfsync',
        'always',
        '--maxmemory-policy',
        options.maxmemoryPolicy ?? 'noeviction',
        '--protected-mode',
        'no',
      ],
      { stdio: 'ignore', detached: true },
    );
    await waitForPing(port);
  };
  await launch();
  const stopChild = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: () => child?.pid,
    async stop() {
      await stopChild();
      rmSync(dir, { recursive: true, force: true });
      process.off('exit', leaveNothing);
    },
    async restart() {
      await stopChild();
      await launch();
    },
    kill() {
      child?.kill('SIGKILL');
    },
  };
}

async function waitForPing(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new Redis({
      port,
      host: '127.0.0.1',
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      return;
    } catch {
      client.disconnect();
      if (Date.now() > deadline)
        throw new Error(`redis-server on port ${port} did not answer PING within 10 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
