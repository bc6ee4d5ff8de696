import type { ClusterOptions, RedisOptions } from 'ioredis';
import { isClusterMode, type RedisSettings } from './settings.js';

/**
 * Workers block on Redis and must ride out outages (`maxRetriesPerRequest: null`, which BullMQ
 * requires); producers (HTTP handlers, Slack acks) must fail fast so the sender gets a 503 and
 * retries, instead of a request hanging on an offline queue.
 */
export type ConnectionPurpose = 'worker' | 'producer';

export interface RedisEndpoint {
  readonly host: string;
  readonly port: number;
}

/** Everything `new Redis(...)` or `new Cluster(...)` is given; built without I/O so it is testable. */
export type ConnectionPlan =
  | { readonly mode: 'single'; readonly node: RedisEndpoint; readonly options: RedisOptions }
  | { readonly mode: 'cluster'; readonly nodes: readonly RedisEndpoint[]; readonly options: ClusterOptions };

const DEFAULT_PORT = 6379;

/** Reconnect backoff: 250 ms doubling to 5 s, forever (a worker must come back by itself). */
export const reconnectDelayMs = (attempt: number): number => Math.min(250 * 2 ** Math.min(attempt, 6), 5_000);

export function planConnection(
  settings: RedisSettings,
  purpose: ConnectionPurpose,
  tlsCa?: string,
): ConnectionPlan {
  const url = new URL(settings.url);
  const tls = url.protocol === 'rediss:';
  const username = settings.username ?? (decodeURIComponent(url.username) || undefined);
  const password = settings.password ?? (decodeURIComponent(url.password) || undefined);
  const db = Number(url.pathname.replace(/^\//, '') || '0');
  const shared: RedisOptions = {
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    // Node's TLS checks the certificate against the host name we connected to, so the name
    // (not a resolved IP) must reach it: see dnsLookup below for cluster mode.
    ...(tls ? { tls: tlsCa ? { ca: tlsCa } : {} } : {}),
    ...(purpose === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : { maxRetriesPerRequest: 1, connectTimeout: 2_000, commandTimeout: 2_000 }),
  };
  const seed = endpointOf(url);
  if (!isClusterMode(settings)) {
    return {
      mode: 'single',
      node: seed,
      options: {
        ...shared,
        db,
        lazyConnect: false,
        ...(purpose === 'producer' ? { enableOfflineQueue: false } : {}),
        retryStrategy: reconnectDelayMs,
      },
    };
  }
  const more = (settings.clusterNodes ?? []).map(parseHostPort);
  const nodes = [seed, ...more.filter((n) => n.host !== seed.host || n.port !== seed.port)];
  return {
    mode: 'cluster',
    nodes,
    options: {
      redisOptions: shared,
      // ElastiCache and MemoryDB announce nodes by DNS name; resolving them here would hand TLS
      // an IP address that the certificate does not name, so keep the name as given.
      dnsLookup: (address, callback) => callback(null, address),
      // Managed clusters answer CLUSTER SLOTS slower than the 1 s default under failover.
      slotsRefreshTimeout: 5_000,
      enableOfflineQueue: purpose === 'worker',
      enableReadyCheck: true,
      lazyConnect: false,
      clusterRetryStrategy: reconnectDelayMs,
    },
  };
}

function endpointOf(url: URL): RedisEndpoint {
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port || DEFAULT_PORT) };
}

/** `host:port` or `[ipv6]:port`, as validated by the config schema. */
export function parseHostPort(text: string): RedisEndpoint {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not host:port`);
  return { host: (match[1] ?? match[2]) as string, port: Number(match[3]) };
}
