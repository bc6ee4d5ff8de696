import { afterAll, describe, expect, it } from 'vitest';
import { exampleHistoryRecords, exampleMuteRules } from '../../../src/digest/example.js';
import { buildDigest } from '../../../src/digest/runtime/build.js';
import { postWeeklyDigest } from '../../../src/digest/runtime/post.js';
import type { DigestHistorySource } from '../../../src/digest/runtime/source.js';
import { isoWeekKey } from '../../../src/digest/runtime/week.js';
import { createSilentLogger } from '../../../src/platform/log/logger.js';
import type { Outbox, OutboxFile, OutboxMessage } from '../../../src/slack/outbox/outbox.js';
import { weeklyDigestWorkflow } from '../../../workflows/weekly-digest.js';
import { testConfig } from '../../support/config.js';
import { deletePrefix, testRedisClient, uniquePrefix } from '../../support/redis.js';

const NOW = new Date('2026-11-23T09:00:00Z');
const history: DigestHistorySource = {
  records: async () => exampleHistoryRecords(NOW),
  muteRules: async () => exampleMuteRules(NOW),
};

function recordingOutbox() {
  const messages: OutboxMessage[] = [];
  const files: OutboxFile[] = [];
  const outbox: Outbox = {
    requestCardSync: async () => undefined,
    postEphemeral: async () => undefined,
    updateMessage: async () => undefined,
    postMessage: async (m) => {
      messages.push(m);
    },
    uploadFile: async (f) => {
      files.push(f);
    },
  };
  return { outbox, messages, files };
}

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
  const redis = testRedisClient();
  const prefix = uniquePrefix('digest');
  const config = testConfig();
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });
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

  it('posts once per channel and week, even when two runs race and one retries', async () => {
    const { outbox, messages, files } = recordingOutbox();
    const base = {
      redis,
      prefix,
      outbox,
      logger: createSilentLogger(),
      channel: 'C0DIGEST01',
      now: NOW,
      timeZone: 'UTC',
      owner: 'job-1',
      build: build(),
    };
    const results = await Promise.all([
      postWeeklyDigest(base),
      postWeeklyDigest({ ...base, owner: 'job-2' }),
    ]);
    expect(results.sort()).toEqual(['already-posted', 'posted']);
    expect(await postWeeklyDigest(base)).toBe('already-posted');
    expect(await postWeeklyDigest({ ...base, owner: 'job-3' })).toBe('already-posted');
    expect(messages).toHaveLength(1);
    expect(messages[0]?.idempotencyKey).toBe('digest.C0DIGEST01.2026-W48');
    expect(files).toHaveLength(1);
    expect(files[0]?.content.subarray(1, 4).toString()).toBe('PNG');
    // The next week is a new digest.
    expect(await postWeeklyDigest({ ...base, now: new Date('2026-11-30T09:00:00Z') })).toBe('posted');
  });

  it("lets a crashed run's retry finish the week it claimed, and nobody else", async () => {
    const { outbox, messages } = recordingOutbox();
    const channel = 'C0DIGEST04';
    // A run that claimed the week and died before posting (no release happened).
    await redis.set(`${prefix}:digest:${channel}:2026-W48`, 'posting:job-crashed', 'EX', 900);
    const base = {
      redis,
      prefix,
      outbox,
      logger: createSilentLogger(),
      channel,
      now: NOW,
      timeZone: 'UTC',
      build: build(),
    };
    expect(await postWeeklyDigest({ ...base, owner: 'job-other' })).toBe('already-posted');
    expect(await postWeeklyDigest({ ...base, owner: 'job-crashed' })).toBe('posted');
    expect(messages).toHaveLength(1);
  });

  it('still posts, with the figures as text, when the chart cannot be drawn', async () => {
    const { outbox, messages, files } = recordingOutbox();
    const digest = await build({ config: { ...config, sampleData: true } })();
    const noChart = { ...digest, chart: undefined, options: { ...digest.options, chartUploadFailed: true } };
    expect(
      await postWeeklyDigest({
        redis,
        prefix,
        outbox,
        logger: createSilentLogger(),
        channel: 'C0DIGEST02',
        owner: 'job-4',
        now: NOW,
        timeZone: 'UTC',
        build: async () => noChart,
      }),
    ).toBe('posted');
    expect(files).toHaveLength(0);
    expect(JSON.stringify(messages[0]?.blocks)).toMatch(/MTTA/);
  });

  it('releases the week when building fails, so a retry can post', async () => {
    const { outbox, messages } = recordingOutbox();
    const base = {
      redis,
      prefix,
      outbox,
      logger: createSilentLogger(),
      channel: 'C0DIGEST03',
      now: NOW,
      timeZone: 'UTC',
      owner: 'job-5',
    };
    await expect(
      postWeeklyDigest({ ...base, build: async () => Promise.reject(new Error('history unavailable')) }),
    ).rejects.toThrow('history unavailable');
    expect(await postWeeklyDigest({ ...base, build: build() })).toBe('posted');
    expect(messages).toHaveLength(1);
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
          accountId: '1',
          counts: { critical: 1, high: 2, medium: 3, low: 0 },
          owners: { withOwner: 6, total: 10 },
        },
        {
          at: '2026-10-10T09:00:00.000Z',
          accountId: '1',
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
      outbox: recordingOutbox().outbox,
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
