import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deployedNodeOptions } from '../../bench/lib/deployed-node-options.js';

describe('the Node options the bench runs the bot with', () => {
  it("are the image's, from the Dockerfile's last stage", () => {
    const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
    expect(deployedNodeOptions(dockerfile)).toBe('--max-semi-space-size=32');
  });

  it('ignore earlier stages, and read unquoted values', () => {
    const file = [
      'FROM node AS build',
      'ENV NODE_OPTIONS="--max-old-space-size=4096"',
      'FROM node',
      'ENV NODE_ENV=production NODE_OPTIONS=--max-semi-space-size=16 PORT=3000',
    ].join('\n');
    expect(deployedNodeOptions(file)).toBe('--max-semi-space-size=16');
    expect(deployedNodeOptions('FROM node AS build\nENV NODE_OPTIONS="--x"\nFROM node\nENV PORT=1\n')).toBe(
      '',
    );
  });
});
