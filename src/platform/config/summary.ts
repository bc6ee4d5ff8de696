import { maskSecret } from '../log/mask.js';
import { isSecretPath } from './env.js';
import type { Config } from './schema.js';

/** The effective config as text, with every secret masked; what `check-config` prints. */
export function summarizeConfig(config: Readonly<Config>): string {
  const lines: string[] = [];
  walk(config as unknown as Record<string, unknown>, [], lines);
  const mode = config.slack.appToken ? 'Socket Mode' : 'HTTP (signed requests)';
  return [`Watchkeeper configuration is valid. Slack mode: ${mode}.`, ...lines].join('\n');
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
