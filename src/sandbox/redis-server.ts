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
 */
export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
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
      { stdio: 'ignore' },
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
    async stop() {
      await stopChild();
      rmSync(dir, { recursive: true, force: true });
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
