import { afterAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../../../src/iam/model.js';
import { loadReport, newReportId, reviewHistory, saveReport } from '../../../src/iam/review/report-store.js';
import { deletePrefix, testRedisClient, uniquePrefix } from '../../support/redis.js';

const report = (at: string, scope: string, critical: number): AuditReport => ({
  accountId: '210987654321',
  generatedAt: at,
  scope,
  counts: { critical, high: 1, medium: 0, low: 0 },
  score: 50,
  findings: [],
  principals: [],
  checksRun: [],
  checksSkipped: [],
});

describe('the access-review report store', () => {
  const redis = testRedisClient();
  const prefix = uniquePrefix('reviews');
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('keeps reports for the buttons and whole-account headlines for the digest, latest first', async () => {
    const id = newReportId(new Date('2026-11-01T00:00:00Z'));
    expect(id).toMatch(/^ar-[a-z0-9]+-[0-9a-f]{8}$/);
    const base = { requestedBy: 'U1', channelId: 'C1' };
    await saveReport(redis, prefix, {
      ...base,
      id,
      accountId: '210987654321',
      report: report('2026-11-01T00:00:00.000Z', 'account', 2),
      owners: { withOwner: 3, total: 4 },
    });
    await saveReport(redis, prefix, {
      ...base,
      id: 'ar-narrow',
      accountId: '210987654321',
      report: report('2026-11-02T00:00:00.000Z', 'user:a', 1),
    });
    await saveReport(redis, prefix, {
      ...base,
      id: 'ar-other',
      accountId: '123412341234',
      report: report('2026-11-03T00:00:00.000Z', 'account', 0),
    });
    expect((await loadReport(redis, prefix, id))?.report.counts.critical).toBe(2);
    expect(await loadReport(redis, prefix, 'ar-unknown')).toBeUndefined();

    const all = await reviewHistory(redis, prefix);
    expect(all.map((r) => [r.at.slice(0, 10), r.accountId])).toEqual([
      ['2026-11-03', '123412341234'],
      ['2026-11-01', '210987654321'],
    ]);
    expect(all[1]?.owners).toEqual({ withOwner: 3, total: 4 });
    expect((await reviewHistory(redis, prefix, ['210987654321'])).map((r) => r.at.slice(0, 10))).toEqual([
      '2026-11-01',
    ]);
  });

  it('skips a damaged history row instead of losing the rest, and says when a stored report is damaged', async () => {
    await redis.lpush(`${prefix}:access-review:history`, 'not json', JSON.stringify({ at: 'x' }));
    expect((await reviewHistory(redis, prefix)).length).toBe(2);
    await redis.set(`${prefix}:access-review:report:ar-bad`, JSON.stringify({ id: 'ar-bad' }));
    await expect(loadReport(redis, prefix, 'ar-bad')).rejects.toThrow(/damaged/);
  });
});
