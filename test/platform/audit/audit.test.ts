import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactDiff, createAuditLog } from '../../../src/platform/audit/audit.js';
import { exportAudit } from '../../../src/platform/audit/export.js';
import { testRedisClient, uniquePrefix } from '../../support/redis.js';

let redis: Redis;
beforeAll(() => {
  redis = testRedisClient();
});
afterAll(async () => {
  await redis.quit();
});

async function seeded() {
  const prefix = uniquePrefix('audit');
  const audit = createAuditLog({ redis, prefix, logger: pino({ level: 'silent' }) });
  await audit.record({
    who: 'U0RESPOND1',
    action: 'acknowledge',
    incidentId: 'INC-ABC',
    at: new Date('2025-03-01T10:01:00Z'),
    before: { status: 'triggered', version: 1, title: 'same' },
    after: { status: 'acknowledged', version: 2, title: 'same', acknowledgedBy: 'U0RESPOND1' },
  });
  await audit.record({
    who: 'U0SECADMN1',
    action: 'mute',
    incidentId: 'INC-ABC',
    at: new Date('2025-03-01T10:02:00Z'),
    detail: '=cmd, "quoted"',
  });
  return prefix;
}

describe('audit', () => {
  it('keeps only the changed fields of before and after', () => {
    expect(compactDiff({ a: 1, b: 2, version: 1 }, { a: 1, b: 3, c: 4, version: 2 })).toEqual({
      before: { b: 2 },
      after: { b: 3, c: 4 },
    });
  });

  it('exports JSON lines with who, action, incident and the compact diff', async () => {
    const prefix = await seeded();
    const lines = (await exportAudit(redis, prefix, { since: new Date(0), format: 'jsonl' }))
      .trim()
      .split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      who: 'U0RESPOND1',
      action: 'acknowledge',
      incident: 'INC-ABC',
      at: '2025-03-01T10:01:00.000Z',
      before: { status: 'triggered' },
      after: { status: 'acknowledged', acknowledgedBy: 'U0RESPOND1' },
    });
  });

  it('exports CSV with a header, quoting and formula-safe cells', async () => {
    const prefix = await seeded();
    const csv = await exportAudit(redis, prefix, { since: new Date(0), format: 'csv' });
    const rows = csv.trim().split('\r\n');
    expect(rows[0]).toBe('id,at,who,action,incident,before,after,detail');
    expect(rows[2]).toContain(`"'=cmd, ""quoted"""`);
  });

  it('exports only entries since the given time', async () => {
    const prefix = await seeded();
    const future = new Date(Date.now() + 60_000);
    expect(await exportAudit(redis, prefix, { since: future, format: 'jsonl' })).toBe('');
  });
});
