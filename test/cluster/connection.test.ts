import { Queue, Worker } from 'bullmq';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkEvictionPolicy,
  createRedis,
  hashTagOf,
  type RedisConnection,
  waitForReady,
} from '../../src/platform/redis.js';
import { captureLogs } from '../support/log-capture.js';
import { uniquePrefix } from '../support/redis.js';
import { startRedisCluster, type TestCluster } from '../support/redis-cluster.js';
import { createTestCertificates, type TestCertificates } from '../support/redis-tls.js';

/**
 * The connection factory against real three-primary clusters: plain, and TLS-only with a
 * password (the shape of ElastiCache Serverless). These prove the cluster is a cluster (keys
 * land on several nodes, cross-slot scripts are refused) and that BullMQ works over it.
 */
describe('the connection factory on a real Redis Cluster', () => {
  let cluster: TestCluster;
  const open: RedisConnection[] = [];
  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterAll(async () => {
    for (const c of open) c.disconnect();
    await cluster.stop();
  });

  it('connects with ioredis Cluster from the seed URL and spreads untagged keys over the primaries', async () => {
    const redis = createRedis({ url: cluster.url, cluster: true }, 'producer');
    open.push(redis);
    expect(redis).toBeInstanceOf(Cluster);
    await waitForReady(redis);
    const keys = Array.from({ length: 30 }, (_, i) => `spread-${i}`);
    for (const key of keys) await redis.set(key, '1');
    const masters = (redis as Cluster).nodes('master');
    expect(masters).toHaveLength(3);
    const perNode = await Promise.all(masters.map((n) => n.dbsize()));
    expect(perNode.filter((n) => n > 0).length).toBeGreaterThan(1);
  });

  it('refuses a script whose keys are in two slots, and runs it when they share a hash tag', async () => {
    const redis = createRedis({ url: cluster.url, clusterNodes: cluster.nodes.slice(1) }, 'producer');
    open.push(redis);
    await waitForReady(redis);
    const script = "redis.call('SET', KEYS[1], 'a'); redis.call('SET', KEYS[2], 'b'); return 1";
    await expect(redis.eval(script, 2, 'wk:a', 'wk:b')).rejects.toThrow(/CROSSSLOT/);
    expect(await redis.eval(script, 2, '{wk}:a', '{wk}:b')).toBe(1);
  });

  it('hashes keys as the hash-tag rule the config check uses', async () => {
    const keys = ['{wk}:incident:1', 'prod{wk}:x', '{}wk{x}', 'wk:plain', '{wk', '{{wk}'];
    const [tagged, ...rest] = await cluster.slotsOf(['wk', ...keys]);
    for (const [i, key] of keys.entries()) {
      const tag = hashTagOf(key);
      const [expected] = await cluster.slotsOf([tag ?? key]);
      expect(rest[i], key).toBe(expected);
    }
    expect(rest[0]).toBe(tagged);
  });

  it('asks every primary for its eviction policy and warns about the one that evicts', async () => {
    const redis = createRedis({ url: cluster.url, cluster: true }, 'producer');
    open.push(redis);
    await waitForReady(redis);
    const { logger, text } = captureLogs();
    expect(await checkEvictionPolicy(redis, logger)).toBe('noeviction');
    const last = (redis as Cluster).nodes('master').at(-1);
    await last?.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      expect(await checkEvictionPolicy(redis, logger)).toBe('allkeys-lru');
      expect(text()).toMatch(/maxmemory-policy is \\"allkeys-lru\\"/);
    } finally {
      await last?.config('SET', 'maxmemory-policy', 'noeviction');
    }
  });

  it('runs BullMQ jobs through a worker connection with a hash-tagged prefix', async () => {
    const prefix = `{${uniquePrefix('cq')}}`;
    const producer = createRedis({ url: cluster.url, cluster: true }, 'producer');
    const workerConnection = createRedis({ url: cluster.url, cluster: true }, 'worker');
    open.push(producer, workerConnection);
    await waitForReady(producer);
    const queue = new Queue('probe', { connection: producer, prefix });
    const done = new Promise<string>((resolve) => {
      const worker = new Worker('probe', async (job) => `${job.data.n * 2}`, {
        connection: workerConnection,
        prefix,
      });
      worker.on('completed', (_job, result: string) => {
        void worker.close().then(() => resolve(result));
      });
    });
    await queue.add('double', { n: 21 }, { jobId: 'probe-1' });
    expect(await done).toBe('42');
    await queue.close();
  });
});

describe('the connection factory on a TLS-only cluster with a password', () => {
  let certs: TestCertificates;
  let cluster: TestCluster;
  const password = 'cluster-test-auth-token-3f9a';
  beforeAll(async () => {
    certs = createTestCertificates();
    cluster = await startRedisCluster({ tls: certs, password });
  });
  afterAll(async () => {
    await cluster.stop();
    certs.remove();
  });

  it('connects over rediss:// trusting the given CA, with the AUTH token', async () => {
    expect(cluster.url).toMatch(/^rediss:\/\//);
    const redis = createRedis(
      { url: cluster.url, cluster: true, password, tlsCaFile: certs.caFile },
      'producer',
    );
    try {
      await waitForReady(redis);
      await redis.set('{wk}:tls', 'yes');
      expect(await redis.get('{wk}:tls')).toBe('yes');
    } finally {
      redis.disconnect();
    }
  });

  it('does not connect when the server certificate is not trusted', async () => {
    // No CA bundle: the system roots do not know the test CA, so TLS must fail.
    const { logger, text } = captureLogs();
    const redis = createRedis({ url: cluster.url, cluster: true, password }, 'producer', logger);
    try {
      await expect(waitForReady(redis, 2_000)).rejects.toThrow(/not ready/);
      // ioredis Cluster reports this only as a failed slots refresh (test/cluster/tls checks the
      // certificate error itself on a single node).
      expect(text()).toMatch(/Failed to refresh slots cache/);
    } finally {
      redis.disconnect();
    }
  });

  it('does not connect with a wrong password', async () => {
    const { logger, text } = captureLogs();
    const redis = createRedis(
      { url: cluster.url, cluster: true, password: 'wrong-canary-password', tlsCaFile: certs.caFile },
      'producer',
      logger,
    );
    try {
      await expect(waitForReady(redis, 2_000)).rejects.toThrow(/not ready/);
      expect(text()).toMatch(/WRONGPASS|invalid username-password/);
      expect(text()).not.toContain('wrong-canary-password');
    } finally {
      redis.disconnect();
    }
  });
});
