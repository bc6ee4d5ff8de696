import { readFileSync } from 'node:fs';
import { Cluster, Redis } from 'ioredis';
import type { Logger } from '../log/logger.js';
import { type ConnectionPurpose, planConnection } from './options.js';
import type { RedisSettings } from './settings.js';

/** A connection to one Redis or to a Redis Cluster; both take the same commands. */
export type RedisConnection = Redis | Cluster;

export interface ConnectDeps {
  readonly logger?: Logger | undefined;
  /** Reads the TLS CA bundle; injected so tests need no files. */
  readonly readFile?: (path: string) => string;
}

/**
 * The one place Redis connections are made: a URL (single node) or the whole `redis` config
 * section (single node or cluster, TLS, AUTH). Nothing here logs the URL, user or password.
 */
export function createRedis(url: string, purpose: ConnectionPurpose, logger?: Logger): Redis;
export function createRedis(
  settings: RedisSettings,
  purpose: ConnectionPurpose,
  logger?: Logger,
  deps?: Omit<ConnectDeps, 'logger'>,
): RedisConnection;
export function createRedis(
  target: string | RedisSettings,
  purpose: ConnectionPurpose,
  logger?: Logger,
  deps: Omit<ConnectDeps, 'logger'> = {},
): RedisConnection {
  const settings = typeof target === 'string' ? { url: target } : target;
  const tlsCa = settings.tlsCaFile
    ? (deps.readFile ?? ((path) => readFileSync(path, 'utf8')))(settings.tlsCaFile)
    : undefined;
  const plan = planConnection(settings, purpose, tlsCa);
  const connection =
    plan.mode === 'single'
      ? new Redis(plan.node.port, plan.node.host, plan.options)
      : new Cluster(
          plan.nodes.map((n) => ({ host: n.host, port: n.port })),
          plan.options,
        );
  reportConnectionState(connection, purpose, plan.mode, logger);
  return connection;
}

/** Without a listener ioredis prints unhandled 'error' events; log them once per state change. */
function reportConnectionState(
  connection: RedisConnection,
  purpose: ConnectionPurpose,
  mode: 'single' | 'cluster',
  logger: Logger | undefined,
): void {
  let lastError = '';
  const onError = (error: Error) => {
    if (error.message === lastError) return;
    lastError = error.message;
    logger?.warn({ purpose, mode, err: { message: error.message } }, 'redis connection error');
  };
  connection.on('error', onError);
  // A cluster reports each node's trouble separately; one line per distinct message is enough.
  if (mode === 'cluster') connection.on('node error', onError);
  connection.on('ready', () => {
    if (lastError) logger?.info({ purpose, mode }, 'redis connection restored');
    lastError = '';
  });
}

/**
 * Consumers are still typed with ioredis' single-node `Redis`. Every command they send (GET,
 * SET, EVAL, MGET, MULTI, XADD…) exists on `Cluster` with the same signature, and the
 * test/cluster suite runs them against a real cluster. Until they take `RedisConnection`, this
 * is the one place the two types meet.
 */
export function asCommandClient(connection: RedisConnection): Redis {
  return connection as Redis;
}
