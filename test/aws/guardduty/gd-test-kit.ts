import { readFileSync } from 'node:fs';
import type { Finding, GetFindingsCommandOutput } from '@aws-sdk/client-guardduty';
import type { CursorStore } from '../../../src/aws/guardduty/sync-cursor.js';

/** Fixtures and small stand-ins shared by the GuardDuty tests. */

export const ACCOUNT = '210987654321';
export const REGION = 'eu-west-1';
export const DETECTOR = '7ec4b2a91d3f5e6a8b0c2d4e6f8a0b1c';

export function loadGetFindings(name: string): GetFindingsCommandOutput {
  const text = readFileSync(new URL(`../../fixtures/guardduty/${name}`, import.meta.url), 'utf8');
  return { ...(JSON.parse(text) as { Findings: Finding[] }), $metadata: { httpStatusCode: 200 } };
}

/** The SSH brute-force fixture under another id and UpdatedAt. */
export function findingWith(id: string, updatedAt: string | number, changes: Partial<Finding> = {}): Finding {
  const template = loadGetFindings('get-findings-ec2-ssh-bruteforce.json').Findings?.[0];
  if (!template) throw new Error('fixture has no finding');
  const iso = typeof updatedAt === 'number' ? new Date(updatedAt).toISOString() : updatedAt;
  return {
    ...template,
    Id: id,
    Arn: template.Arn?.replace(template.Id ?? '', id),
    UpdatedAt: iso,
    ...changes,
  };
}

/** `count` hex-looking ids, `f000…`, `f001…`, in order. */
export function findingIds(count: number, prefix = 'f'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(31, '0')}`);
}

/**
 * A cursor store in memory, with the same never-backwards rule as RedisCursorStore (which is
 * tested against a real Redis in sync-cursor.test.ts).
 */
export class MemoryCursorStore implements CursorStore {
  readonly values = new Map<string, number>();
  readonly writes: Array<[string, number]> = [];
  async get(key: string): Promise<number | undefined> {
    return this.values.get(key);
  }
  async set(key: string, epochMs: number): Promise<void> {
    this.writes.push([key, epochMs]);
    if (epochMs > (this.values.get(key) ?? -1)) this.values.set(key, epochMs);
  }
}
