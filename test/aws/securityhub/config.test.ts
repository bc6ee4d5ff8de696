import { describe, expect, it } from 'vitest';
import { securityHubConfigSchema } from '../../../src/platform/config/security-hub.js';
import { securityHubSchedulerEntries } from '../../../workflows/securityhub-sync.js';

const ACCOUNTS = [
  { id: '210987654321', regions: ['eu-west-1', 'us-east-1'] },
  { id: '123456789012', regions: ['eu-west-1'] },
];

describe('securityHub config and schedulers', () => {
  it('is off by default, polling every 5 minutes with a day of backfill', () => {
    expect(securityHubConfigSchema.parse({})).toEqual({
      syncEnabled: false,
      intervalSeconds: 300,
      regions: [],
      backfillHours: 24,
    });
  });

  it('names the field and the limit when a value is wrong', () => {
    expect(() => securityHubConfigSchema.parse({ intervalSeconds: 10 })).toThrow(/at least 60/);
    expect(() => securityHubConfigSchema.parse({ regions: ['Ireland'] })).toThrow(/not a region code/);
    expect(() => securityHubConfigSchema.parse({ sync: true })).toThrow();
  });

  it('polls only the aggregation region when one is set, else every configured region, with ids without ":"', () => {
    // Any job name will do here; the composition passes JobName.SecurityHubSync once it is registered.
    const job = 'schedule.guardduty-sync' as const;
    const everywhere = securityHubSchedulerEntries(ACCOUNTS, securityHubConfigSchema.parse({}), job);
    expect(everywhere.map((e) => e.data)).toEqual([
      { accountId: '210987654321', region: 'eu-west-1' },
      { accountId: '210987654321', region: 'us-east-1' },
      { accountId: '123456789012', region: 'eu-west-1' },
    ]);
    const aggregated = securityHubSchedulerEntries(
      ACCOUNTS,
      securityHubConfigSchema.parse({ regions: ['us-east-1'], intervalSeconds: 600 }),
      job,
    );
    expect(aggregated.map((e) => [e.data, e.repeat])).toEqual([
      [{ accountId: '210987654321', region: 'us-east-1' }, { every: 600_000 }],
      [{ accountId: '123456789012', region: 'us-east-1' }, { every: 600_000 }],
    ]);
    for (const entry of [...everywhere, ...aggregated]) expect(entry.id).not.toContain(':');
  });
});
