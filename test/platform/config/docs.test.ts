import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_BINDINGS } from '../../../src/platform/config/env.js';
import { loadConfig } from '../../../src/platform/config/load.js';

const doc = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');

function leafPaths(node: unknown, path: string[] = []): string[] {
  if (node && typeof node === 'object' && !Array.isArray(node)) {
    return Object.entries(node).flatMap(([k, v]) => leafPaths(v, [...path, k]));
  }
  return [path.join('.')];
}

describe('docs/configuration.md', () => {
  it('documents every environment variable', () => {
    for (const binding of ENV_BINDINGS) expect(doc, binding.env).toContain(`\`${binding.env}\``);
  });

  it('documents every config key', () => {
    const config = loadConfig({
      env: { REDIS_URL: 'redis://h:1', SLACK_BOT_TOKEN: 'xoxb-x', SLACK_APP_TOKEN: 'xapp-x' },
    });
    const keys = new Set([...leafPaths(config), ...ENV_BINDINGS.map((b) => b.path.join('.'))]);
    for (const key of keys) expect(doc, key).toContain(`\`${key}\``);
  });
});
