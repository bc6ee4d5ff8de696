import { describe, expect, it } from 'vitest';
import { exampleHistoryRecords, exampleMuteRules } from '../../../src/digest/example.js';
import { buildDigestBlocks } from '../../../src/digest/message.js';
import { buildDigest, scopeLabel } from '../../../src/digest/runtime/build.js';
import type { DigestHistorySource } from '../../../src/digest/runtime/source.js';
import { isoWeekKey } from '../../../src/digest/runtime/week.js';
import type { Outbox } from '../../../src/slack/outbox/outbox.js';
import { weeklyDigestWorkflow } from '../../../workflows/weekly-digest.js';
import { testConfig } from '../../support/config.js';

const NOW = new Date('2026-11-23T09:00:00Z');
const history: DigestHistorySource = {
  records: async () => exampleHistoryRecords(NOW),
  muteRules: async () => exampleMuteRules(NOW),
};

/** Listing schedulers posts nothing: any Slack write here is a bug. */
const unusedOutbox: Outbox = new Proxy({} as Outbox, {
  get: () => () => Promise.reject(new Error('listing schedulers must not post')),
});

describe('isoWeekKey', () => {
  it.each([
    ['2026-11-23T09:00:00Z', 'UTC', '2026-W48'],
    ['2027-01-01T12:00:00Z', 'UTC', '2026-W53'],
    ['2026-11-22T23:30:00Z', 'UTC', '2026-W47'],
    ['2026-11-22T23:30:00Z', 'Europe/Berlin', '2026-W48'],
  ])('%s in %s is %s', (at, tz, week) => {
    expect(isoWeekKey(new Date(at), tz)).toBe(week);
  });
});

describe('the weekly digest', () => {
  const config = testConfig();
  const build =
    (overrides: Partial<Parameters<typeof buildDigest>[0]> = {}) =>
    () =>
      buildDigest({
        config,
        history,
        now: NOW,
        scope: { timeZone: 'UTC' },
        detectionIds: ['cis-root-account-usage'],
        ...overrides,
      });

  it('never scores a check it could not run as good', async () => {
    const digest = await build()();
    const identity = digest.scorecard.find((l) => l.area.toLowerCase().includes('identity'));
    expect(identity?.status).toBe('could-not-check');
    const dataProtection = digest.scorecard.find((l) => l.area.toLowerCase().includes('data'));
    expect(dataProtection?.status).not.toBe('good');
  });

  it('reads the identity line and principal ownership from the stored access-review history', async () => {
    const digest = await build({
      accessReviews: async () => [
        {
          at: '2026-11-10T09:00:00.000Z',
          accountId: '109876543210',
          counts: { critical: 1, high: 2, medium: 3, low: 0 },
          owners: { withOwner: 6, total: 10 },
        },
        {
          at: '2026-10-10T09:00:00.000Z',
          accountId: '109876543210',
          counts: { critical: 0, high: 2, medium: 5, low: 0 },
          owners: { withOwner: 2, total: 10 },
        },
      ],
    })();
    const identity = digest.scorecard.find((l) => l.area === 'Identity and access');
    expect(identity?.status).toBe('at-risk');
    expect(identity?.figure).toMatch(
      /Latest review 2026-11-10 .*1 critical, 2 high, 3 medium, 0 low; since 2026-10-10: critical \+1/,
    );
    const ownership = digest.scorecard.find((l) => l.area.toLowerCase().includes('ownership'));
    expect(ownership?.figure).toMatch(/IAM principals[^.]*6\/10|6 of 10/);

    const unreadable = await build({
      accessReviews: async () => {
        throw new Error('redis down');
      },
    })();
    expect(unreadable.scorecard.find((l) => l.area === 'Identity and access')?.status).toBe(
      'could-not-check',
    );
    const none = await build({ accessReviews: async () => [] })();
    expect(none.scorecard.find((l) => l.area === 'Identity and access')?.figure).toMatch(
      /No access review on record/,
    );
  });

  it('names exactly the accounts it covers: configured ones in scope, then those its incidents came from', async () => {
    const configured = {
      ...config,
      aws: {
        ...config.aws,
        accounts: [
          { id: '109876543210', alias: 'payments-prod', regions: ['eu-west-1'] },
          { id: '333344445555', alias: 'not-in-scope', regions: ['eu-west-1'] },
        ],
      },
    };
    const all = await build({ config: configured })();
    expect(all.options.scopeLabel).toBe(
      '3 accounts: payments-prod (109876543210), not-in-scope (333344445555), 210987654321',
    );

    const scoped = await build({
      config: configured,
      scope: { timeZone: 'UTC', accounts: ['109876543210'] },
      accessReviews: async () => [
        // A review of an account outside the digest's scope must not show up in it.
        {
          at: '2026-11-20T09:00:00.000Z',
          accountId: '333344445555',
          counts: { critical: 9, high: 0, medium: 0, low: 0 },
        },
        {
          at: '2026-11-10T09:00:00.000Z',
          accountId: '109876543210',
          counts: { critical: 0, high: 1, medium: 0, low: 0 },
        },
      ],
    })();
    expect(scoped.options.scopeLabel).toBe('1 account: payments-prod (109876543210)');
    expect(scoped.scorecard.find((l) => l.area === 'Identity and access')?.figure).toMatch(
      /^Latest review 2026-11-10/,
    );
    const named = JSON.stringify(buildDigestBlocks(scoped.figures, scoped.scorecard, scoped.options)).match(
      /\d{12}/g,
    );
    expect(new Set(named)).toEqual(new Set(['109876543210']));
  });

  it('says so when it covers no account yet, and shortens a long list', () => {
    expect(scopeLabel([])).toBe('No AWS account configured or seen yet');
    expect(scopeLabel([{ id: '111111111111', alias: 'sandbox (SAMPLE DATA)' }])).toBe(
      '1 account: sandbox (SAMPLE DATA) 111111111111',
    );
    const six = ['1', '2', '3', '4', '5', '6'].map((d) => ({ id: d.repeat(12) }));
    expect(scopeLabel(six)).toBe(
      '6 accounts: 111111111111, 222222222222, 333333333333, 444444444444 and 2 more',
    );
  });

  it('has one job scheduler per configured schedule, with its cron pattern and time zone', () => {
    const withSchedules = testConfig();
    const ctx = {
      config: {
        ...withSchedules,
        digest: {
          ...withSchedules.digest,
          schedules: [{ channel: 'C0DIGEST01', cron: '0 9 * * 1', timeZone: 'Europe/Berlin' }],
        },
      },
    };
    const workflow = weeklyDigestWorkflow({
      history,
      outbox: unusedOutbox,
      detectionIds: [],
      posturePortFor: () => {
        throw new Error('no posture is read while listing schedulers');
      },
    });
    expect(workflow.schedulers?.(ctx as never)).toEqual([
      expect.objectContaining({
        id: 'digest.C0DIGEST01.0',
        repeat: { pattern: '0 9 * * 1', tz: 'Europe/Berlin' },
      }),
    ]);
  });
});
