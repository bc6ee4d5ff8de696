import { describe, expect, it } from 'vitest';
import { clusterPrefixProblem, hashTagOf, parseHostPort, planConnection } from '../../src/platform/redis.js';

describe('planConnection', () => {
  it('keeps today’s single-node settings: workers ride out outages, producers fail fast', () => {
    const worker = planConnection({ url: 'redis://cache.internal:6380/2' }, 'worker');
    const producer = planConnection({ url: 'redis://cache.internal:6380/2' }, 'producer');
    if (worker.mode !== 'single' || producer.mode !== 'single') throw new Error('expected single node');
    expect(worker.node).toEqual({ host: 'cache.internal', port: 6380 });
    expect(worker.options).toMatchObject({ db: 2, maxRetriesPerRequest: null, enableReadyCheck: true });
    expect(worker.options.enableOfflineQueue).toBeUndefined();
    expect(producer.options).toMatchObject({
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: 2_000,
    });
    expect(worker.options.tls).toBeUndefined();
  });

  it('turns rediss:// into TLS, trusting the CA bundle when one is given', () => {
    const withCa = planConnection({ url: 'rediss://cache.internal' }, 'producer', 'PEM');
    const systemRoots = planConnection({ url: 'rediss://cache.internal' }, 'producer');
    if (withCa.mode !== 'single' || systemRoots.mode !== 'single') throw new Error('expected single node');
    expect(withCa.options.tls).toEqual({ ca: 'PEM' });
    expect(systemRoots.options.tls).toEqual({});
    expect(withCa.node.port).toBe(6379);
  });

  it('takes credentials from the URL, and lets separate settings win over it', () => {
    const fromUrl = planConnection({ url: 'redis://alice:p%40ss@h:1' }, 'worker');
    const explicit = planConnection(
      { url: 'redis://alice@h:1', username: 'bob', password: 'token' },
      'worker',
    );
    if (fromUrl.mode !== 'single' || explicit.mode !== 'single') throw new Error('expected single node');
    expect(fromUrl.options).toMatchObject({ username: 'alice', password: 'p@ss' });
    expect(explicit.options).toMatchObject({ username: 'bob', password: 'token' });
  });

  it('builds an ioredis Cluster plan with the options ElastiCache needs for TLS', () => {
    const plan = planConnection(
      {
        url: 'rediss://clustercfg.wk.abc123.euw1.cache.amazonaws.com:6379',
        cluster: true,
        password: 'token',
      },
      'worker',
      'PEM',
    );
    if (plan.mode !== 'cluster') throw new Error('expected cluster');
    expect(plan.nodes).toEqual([{ host: 'clustercfg.wk.abc123.euw1.cache.amazonaws.com', port: 6379 }]);
    expect(plan.options.redisOptions).toMatchObject({
      tls: { ca: 'PEM' },
      password: 'token',
      maxRetriesPerRequest: null,
    });
    // The node's DNS name must reach TLS unresolved, or the certificate check fails.
    const lookedUp = new Promise<string>((resolve) =>
      plan.options.dnsLookup?.('node-1.example.com', (_err, address) => resolve(address)),
    );
    return expect(lookedUp).resolves.toBe('node-1.example.com');
  });

  it('turns cluster mode on for a list of seed nodes and adds them after the URL’s node, once', () => {
    const plan = planConnection(
      { url: 'redis://10.0.0.1:7000', clusterNodes: ['10.0.0.1:7000', '10.0.0.2:7001', '[fd00::3]:7002'] },
      'producer',
    );
    if (plan.mode !== 'cluster') throw new Error('expected cluster');
    expect(plan.nodes).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: '10.0.0.2', port: 7001 },
      { host: 'fd00::3', port: 7002 },
    ]);
    expect(plan.options.enableOfflineQueue).toBe(false);
    expect(plan.options.redisOptions?.commandTimeout).toBe(2_000);
  });

  it('parses host:port and refuses anything else', () => {
    expect(parseHostPort('a.b:1')).toEqual({ host: 'a.b', port: 1 });
    expect(() => parseHostPort('a.b')).toThrow(/not host:port/);
  });
});

describe('hash tags', () => {
  it('finds the part Redis Cluster hashes', () => {
    expect(hashTagOf('{wk}:incident:1')).toBe('wk');
    expect(hashTagOf('prod{wk}')).toBe('wk');
    expect(hashTagOf('{}wk{x}')).toBeUndefined();
    expect(hashTagOf('wk')).toBeUndefined();
    expect(hashTagOf('{wk')).toBeUndefined();
  });

  it('explains why a prefix without one cannot be used on a cluster, with an example', () => {
    expect(clusterPrefixProblem('{wk}')).toBeUndefined();
    expect(clusterPrefixProblem('wk')).toMatch(/no hash tag.*one slot.*like \{wk\}/);
    expect(clusterPrefixProblem('{}')).toMatch(/like \{wk\}/);
  });
});
