import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Redis, type RedisOptions } from 'ioredis';
import { freePort } from './redis-server.js';
import {
  spawnRedisServer,
  stopProcess,
  type TestCertificates,
  tlsServerArgs,
  waitForPing,
} from './redis-tls.js';

const run = promisify(execFile);

/**
 * A real three-primary Redis Cluster for one test file: three `redis-server --cluster-enabled yes`
 * processes on free ports (each with its own bus port), joined by `redis-cli --cluster create`,
 * optionally TLS-only with a password, like ElastiCache Serverless.
 */
export interface TestCluster {
  /** redis:// or rediss:// URL of the first primary: the seed node Watchkeeper is given. */
  readonly url: string;
  /** `host:port` of every primary. */
  readonly nodes: readonly string[];
  /** Options for a plain client to one node (TLS and password included). */
  readonly nodeOptions: RedisOptions;
  /** Every key on every primary (a cluster's SCAN is per node). */
  allKeys(): Promise<string[]>;
  /** The hash slot of each key, as the cluster computes it (`CLUSTER KEYSLOT`). */
  slotsOf(keys: readonly string[]): Promise<number[]>;
  stop(): Promise<void>;
}

export async function startRedisCluster(
  options: { tls?: TestCertificates; password?: string } = {},
): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'wk-cluster-'));
  const ports = [await freePort(), await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  const nodeOptions: RedisOptions = {
    host: '127.0.0.1',
    ...(options.password ? { password: options.password } : {}),
    ...(options.tls ? { tls: { ca: options.tls.ca } } : {}),
  };
  try {
    for (const [i, port] of ports.entries()) {
      const child = spawnRedisServer([
        ...(options.tls
          ? [...tlsServerArgs(options.tls, port), '--tls-cluster', 'yes', '--tls-replication', 'yes']
          : ['--port', String(port)]),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        `nodes-${i}.conf`,
        // The bus port defaults to port + 10000, which may be taken or out of range.
        '--cluster-port',
        String(await freePort()),
        '--cluster-node-timeout',
        '5000',
        '--save',
        '',
        '--appendonly',
        'no',
        '--maxmemory-policy',
        'noeviction',
        ...(options.password ? ['--requirepass', options.password, '--masterauth', options.password] : []),
      ]);
      children.push(child);
      await waitForPing({ ...nodeOptions, port }, child);
    }
    const nodes = ports.map((p) => `127.0.0.1:${p}`);
    await run('redis-cli', [
      '--cluster',
      'create',
      ...nodes,
      '--cluster-replicas',
      '0',
      '--cluster-yes',
      ...(options.password ? ['-a', options.password, '--no-auth-warning'] : []),
      ...(options.tls ? ['--tls', '--cacert', options.tls.caFile] : []),
    ]);
    await waitForClusterOk(ports, nodeOptions);
    const scheme = options.tls ? 'rediss' : 'redis';
    return {
      url: `${scheme}://127.0.0.1:${ports[0]}`,
      nodes,
      nodeOptions,
      async allKeys() {
        const keys: string[] = [];
        for (const port of ports) {
          const client = new Redis({ ...nodeOptions, port, maxRetriesPerRequest: 1 });
          try {
            let cursor = '0';
            do {
              const [next, batch] = await client.scan(cursor, 'COUNT', 1000);
              cursor = next;
              keys.push(...batch);
            } while (cursor !== '0');
          } finally {
            client.disconnect();
          }
        }
        return keys;
      },
      async slotsOf(keys) {
        const client = new Redis({ ...nodeOptions, port: ports[0] as number, maxRetriesPerRequest: 1 });
        try {
          const pipeline = client.pipeline();
          for (const key of keys) pipeline.cluster('KEYSLOT', key);
          const replies = (await pipeline.exec()) ?? [];
          return replies.map(([error, slot]) => {
            if (error) throw error;
            return Number(slot);
          });
        } finally {
          client.disconnect();
        }
      },
      async stop() {
        await Promise.all(children.map(stopProcess));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all(children.map(stopProcess));
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** `redis-cli --cluster create` returns before every node agrees; wait until all say ok. */
async function waitForClusterOk(ports: readonly number[], nodeOptions: RedisOptions): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (const port of ports) {
    const client = new Redis({ ...nodeOptions, port, maxRetriesPerRequest: 1 });
    try {
      for (;;) {
        const info = await client.cluster('INFO');
        if (/cluster_state:ok/.test(info)) break;
        if (Date.now() > deadline) throw new Error(`cluster node ${port} did not reach cluster_state:ok`);
        await sleep(100);
      }
    } finally {
      client.disconnect();
    }
  }
}

/** Harness/CLI environment that points Watchkeeper at a test cluster with a fresh hash-tagged prefix. */
export function clusterEnv(cluster: TestCluster, prefix: string): Record<string, string> {
  return {
    REDIS_URL: cluster.url,
    WATCHKEEPER_REDIS_CLUSTER: 'true',
    WATCHKEEPER_QUEUE_PREFIX: `{${prefix}}`,
  };
}
