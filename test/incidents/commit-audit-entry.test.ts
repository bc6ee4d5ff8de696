import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitIfUnchanged } from '../../src/incidents/commit.js';
import { type AuditEntry, createAuditLog, type StagedAuditEntry } from '../../src/platform/audit/audit.js';
import { readAudit } from '../../src/platform/audit/export.js';
import { testRedisClient, uniquePrefix } from '../support/redis.js';

/**
 * A change's audit entry can be written by the commit that stores the change: both or neither,
 * and the entry reads back exactly as one written by `AuditLog.record`.
 */
let redis: Redis;
beforeAll(() => {
  redis = testRedisClient();
});
afterAll(async () => {
  await redis.quit();
});

const entry = (action: string): AuditEntry => ({
  who: 'watchkeeper',
  action,
  incidentId: 'INC-COMMIT1',
  at: new Date('2026-11-20T10:00:00Z'),
  before: { occurrences: 1, version: 1 },
  // An access key id is masked in the stream whichever way the entry is written.
  after: { occurrences: 2, version: 2, actor: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' } },
  detail: 'f-commit-1',
});

function auditAt(prefix: string) {
  return createAuditLog({ redis, prefix, logger: pino({ level: 'silent' }) });
}

/** Commits incident INC-COMMIT1 as new (it must be absent) with the staged entry. */
const commitNewIncidentWith = (prefix: string, staged: StagedAuditEntry) =>
  commitIfUnchanged(
    redis,
    [{ key: `${prefix}:inc:incident:INC-COMMIT1`, expected: null }],
    [
      { op: 'set', key: `${prefix}:inc:incident:INC-COMMIT1`, value: '{"v":2}' },
      { op: 'xadd', key: staged.key, maxLen: staged.maxLen, fields: staged.fields },
    ],
  );

describe('a commit with an audit entry', () => {
  it('stores the change and the entry together, the entry as record() would', async () => {
    const prefix = uniquePrefix('commit-audit');
    const staged = auditAt(prefix).stage(entry('alert.updated'));
    const committed = await commitNewIncidentWith(prefix, staged);
    expect(committed).toBe(true);
    expect(await redis.get(`${prefix}:inc:incident:INC-COMMIT1`)).toBe('{"v":2}');

    const recordedPrefix = uniquePrefix('commit-audit');
    await auditAt(recordedPrefix).record(entry('alert.updated'));
    const strip = ({ id: _id, ...row }: { id: string }) => row;
    const viaCommit = (await readAudit(redis, prefix, new Date(0))).map(strip);
    const viaRecord = (await readAudit(redis, recordedPrefix, new Date(0))).map(strip);
    expect(viaCommit).toEqual(viaRecord);
    expect(viaCommit).toHaveLength(1);
    expect(JSON.stringify(viaCommit)).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });

  it('writes neither when the commit loses its race', async () => {
    const prefix = uniquePrefix('commit-audit');
    await redis.set(`${prefix}:inc:incident:INC-COMMIT1`, '{"v":1}');
    const staged = auditAt(prefix).stage(entry('alert.updated'));
    const committed = await commitNewIncidentWith(prefix, staged);
    expect(committed).toBe(false);
    expect(await redis.get(`${prefix}:inc:incident:INC-COMMIT1`)).toBe('{"v":1}');
    expect(await redis.exists(staged.key)).toBe(0);
  });
});
