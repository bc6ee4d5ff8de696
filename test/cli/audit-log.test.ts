import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/platform/audit/audit.js';
import { createSilentLogger } from '../../src/platform/log/logger.js';
import { runCliForTest } from '../support/cli.js';
import { deletePrefix, testRedisClient, testRedisUrl, uniquePrefix } from '../support/redis.js';

describe('watchkeeper audit-log export', () => {
  const prefix = uniquePrefix('audit');
  const redis = testRedisClient();
  const env = {
    REDIS_URL: testRedisUrl(),
    WATCHKEEPER_QUEUE_PREFIX: prefix,
    SLACK_BOT_TOKEN: 'xoxb-x',
    SLACK_APP_TOKEN: 'xapp-x',
  };
  beforeAll(async () => {
    const audit = createAuditLog({ redis, prefix, logger: createSilentLogger() });
    await audit.record({
      who: 'U0OLD',
      action: 'acknowledge',
      incidentId: 'INC-old',
      at: new Date('2026-10-01T10:00:00Z'),
    });
    await audit.record({
      who: 'U0RITA',
      action: 'acknowledge',
      incidentId: 'INC-a1',
      at: new Date('2026-11-20T10:00:00Z'),
      before: { status: 'triggered' },
      after: { status: 'acknowledged' },
    });
    await audit.record({
      who: 'U0RITA',
      action: 'resolve',
      incidentId: 'INC-a1',
      at: new Date('2026-11-20T11:00:00Z'),
      detail: 'Rotated the key, "quoted", with, commas',
    });
  });
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('exports entries since a date as JSON lines', async () => {
    const run = await runCliForTest(
      ['audit-log', 'export', '--since', '2026-11-01', '--format', 'jsonl'],
      env,
    );
    expect(run.code).toBe(0);
    const rows = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { who: string; action: string; incident: string });
    expect(rows.map((r) => `${r.action} ${r.incident}`)).toEqual(['acknowledge INC-a1', 'resolve INC-a1']);
  });

  it('exports CSV with a header and quoting', async () => {
    const run = await runCliForTest(['audit-log', 'export', '--since', '2026-11-01'], env);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(run.stdout).toContain('"Rotated the key, ""quoted"", with, commas"');
  });

  it('refuses a date it cannot read', async () => {
    const run = await runCliForTest(['audit-log', 'export', '--since', 'last tuesday'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not a date/);
  });
});
