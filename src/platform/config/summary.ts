import { maskSecret } from '../log/mask.js';
import { isSecretPath } from './env.js';
import type { Config } from './schema.js';

/** The effective config as text, with every secret masked; what `check-config` prints. */
export function summarizeConfig(config: Readonly<Config>): string {
  const lines: string[] = [];
  walk(config as unknown as Record<string, unknown>, [], lines);
  const mode = config.slack.appToken ? 'Socket Mode' : 'HTTP (signed requests)';
  return [`Watchkeeper configuration is valid. Slack mode: ${mode}.`, adminLine(config), ...lines].join('\n');
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
    const shown =
      isSecretPath(here) || /token|secret|apikey|password/i.test(key)
        ? maskSecret(value as string | undefined)
        : JSON.stringify(value);
    lines.push(`  ${here.join('.')}: ${shown}`);
  }
}
