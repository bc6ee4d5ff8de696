import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const DIGEST = /@sha256:[0-9a-f]{64}$/;

describe('the container images', () => {
  it('build on a Node.js LTS image pinned by digest, in every stage', () => {
    const dockerfile = read('Dockerfile');
    const image = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1] ?? '';
    expect(image).toMatch(DIGEST);
    const major = Number(/^node:(\d+)-/.exec(image)?.[1]);
    // Even majors are the LTS lines; 22 is the oldest the AWS SDK keeps supporting.
    expect(major % 2).toBe(0);
    expect(major).toBeGreaterThanOrEqual(22);
    const froms = dockerfile.split('\n').filter((line) => line.startsWith('FROM '));
    expect(froms.length).toBeGreaterThan(0);
    for (const from of froms) expect(from).toMatch(/^FROM \$\{NODE_IMAGE\}( AS \w+)?$/);
  });

  it('run Redis pinned by digest, never evicting, with every write on disk before it answers', () => {
    const compose = parse(read('deploy/docker-compose.yml')) as {
      services: Record<string, { image?: string; command?: string[] }>;
    };
    const redis = compose.services.redis;
    expect(redis?.image).toMatch(DIGEST);
    const command = (redis?.command ?? []).join(' ');
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--appendfsync always');
    expect(command).toContain('--maxmemory-policy noeviction');
  });
});
