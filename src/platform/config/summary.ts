import { maskSecret } from '../log/mask.js';
import { isClusterMode } from '../redis/settings.js';
import { isSecretPath } from './env.js';
import type { Config } from './schema.js';

/** The effective config as text, with every secret masked; what `check-config` prints. */
export function summarizeConfig(config: Readonly<Config>): string {
  const lines: string[] = [];
  walk(config as unknown as Record<string, unknown>, [], lines);
  const mode = config.slack.appToken ? 'Socket Mode' : 'HTTP (signed requests)';
  return [
    `Watchkeeper configuration is valid. Slack mode: ${mode}.`,
    redisLine(config.redis),
    adminLine(config),
    ...lines,
  ].join('\n');
}

/**
 * How Redis will be reached, without the URL's credentials: single node or cluster, TLS, AUTH,
 * and the key prefix (a hash tag in cluster mode; the schema refused it otherwise).
 */
function redisLine(redis: Readonly<Config['redis']>): string {
  const url = new URL(redis.url);
  const seeds = [`${url.hostname}:${url.port || 6379}`, ...redis.clusterNodes];
  const mode = isClusterMode(redis)
    ? `cluster mode, seed node${seeds.length === 1 ? '' : 's'} ${seeds.join(', ')}, key prefix ${redis.prefix} (one hash slot)`
    : `single node ${seeds[0]}, key prefix ${redis.prefix}`;
  const tls =
    url.protocol === 'rediss:'
      ? `TLS (${redis.tlsCaFile ? `CA bundle ${redis.tlsCaFile}` : 'system CA roots'})`
      : 'no TLS';
  const user = redis.username ?? (decodeURIComponent(url.username) || undefined);
  const hasPassword = Boolean(redis.password || url.password);
  const auth = hasPassword ? `AUTH as ${user ? `user ${user}` : 'the default user'}` : 'no AUTH';
  return `Redis: ${mode}; ${tls}; ${auth}.`;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;

/** Where /metrics and the detailed /readyz listen, and a warning when that is not loopback. */
function adminLine(config: Readonly<Config>): string {
  const { adminHost, adminPort } = config.http;
  const where = `${adminHost.includes(':') ? `[${adminHost}]` : adminHost}:${adminPort}`;
  return LOOPBACK.test(adminHost)
    ? `Admin endpoints (/metrics, detailed /readyz): ${where}, this host only.`
    : `Admin endpoints (/metrics, detailed /readyz): ${where}, reachable from other hosts: keep this port off untrusted networks.`;
}

function walk(node: Record<string, unknown>, path: string[], lines: string[]): void {
  for (const [key, value] of Object.entries(node)) {
    const here = [...path, key];
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      walk(value as Record<string, unknown>, here, lines);
      continue;
    }
    // A *File key holds a path, not the secret; the path helps and gives nothing away.
    const shown =
      isSecretPath(here) || (/token|secret|apikey|password/i.test(key) && !/File$/.test(key))
        ? maskSecret(value as string | undefined)
        : JSON.stringify(value);
    lines.push(`  ${here.join('.')}: ${shown}`);
  }
}
