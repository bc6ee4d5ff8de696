import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/alerts/detections/catalog.js';
import { type IntakeJob, intakeJobSchema } from '../../src/alerts/intake/intake-job.js';
import { logWatchCursorKey } from '../../src/aws/logs/cursor.js';
import { RedisRateBudget } from '../../src/aws/logs/rate-budget.js';
import { SdkCloudTrailLogsPort } from '../../src/aws/logs/sdk-port.js';
import { createSilentLogger } from '../../src/platform/log/logger.js';
import { JobName, QueueName } from '../../src/platform/queue/names.js';
import { type LogWatchOptions, logWatchSchedulerEntries, runLogWatch } from '../../workflows/log-watch.js';
import {
  ACCOUNT,
  FakeClock,
  LOG_GROUP,
  logEvent,
  logsClient,
  MemoryLogCursorStore,
  OpenBudget,
  REGION,
  recordWith,
} from '../aws/logs/logs-test-kit.js';
import { deletePrefix, testRedisClient, uniquePrefix } from '../support/redis.js';

const logs = mockClient(CloudWatchLogsClient);
const NOW = Date.parse('2025-05-20T09:00:00.000Z');
const END = NOW - 300_000;
const IAM_PATTERN = '{($.eventName=AttachUserPolicy) || ($.eventName=PutUserPolicy)}';
const ROOT_PATTERN = '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS}';

const catalog = buildCatalog(
  [
    ['test-iam-changes', IAM_PATTERN, 'iam_changes_metric'],
    ['test-root-usage', ROOT_PATTERN, 'root_usage_metric'],
  ].map(([id, filterPattern, metricName]) => ({
    source: `test ${id}`,
    definition: {
      id,
      title: `Test ${id}`,
      description: 'A detection for tests.',
      control: 'CloudWatch.4',
      severity: 'high',
      filterPattern,
      metricName,
      runbookId: 'runbook-test',
    },
  })),
);
const IAM_KEY = logWatchCursorKey(ACCOUNT, REGION, LOG_GROUP, 'test-iam-changes');

function setup(overrides: Partial<LogWatchOptions> = {}) {
  const enqueued: IntakeJob[][] = [];
  const cursorStore = new MemoryLogCursorStore();
  const clock = new FakeClock(NOW);
  const options: LogWatchOptions = {
    accountId: ACCOUNT,
    region: REGION,
    logGroupName: LOG_GROUP,
    catalog,
    port: new SdkCloudTrailLogsPort(logsClient(), { accountId: ACCOUNT, region: REGION }),
    budget: new OpenBudget(),
    cursorStore,
    enqueue: async (jobs) => {
      enqueued.push([...jobs]);
    },
    now: clock.now,
    logger: createSilentLogger(),
    ...overrides,
  };
  return { options, enqueued, cursorStore, clock };
}

const at = (iso: string) => Date.parse(iso);
const iamEvent = (id: string, time: string) =>
  logEvent(id, at(time), recordWith({ eventID: `ev-${id}`, eventTime: time.replace('.000', '') }));

beforeEach(() => {
  logs.reset();
  logs.on(FilterLogEventsCommand).resolves({ events: [] });
});

describe('runLogWatch', () => {
  it('backfills 60 minutes on the first run, up to now minus the delivery delay, following every page', async () => {
    logs
      .on(FilterLogEventsCommand, { filterPattern: IAM_PATTERN })
      .resolvesOnce({ events: [iamEvent('1', '2025-05-20T08:10:00.000Z')], nextToken: 'p2' })
      .resolvesOnce({ events: [], nextToken: 'p3' })
      .resolvesOnce({ events: [iamEvent('2', '2025-05-20T08:20:00.000Z')] });
    const { options, enqueued, cursorStore } = setup();

    const figures = await runLogWatch(options);

    const calls = logs.commandCalls(FilterLogEventsCommand).map((c) => c.args[0].input);
    expect(calls.filter((c) => c.filterPattern === IAM_PATTERN).map((c) => c.nextToken)).toEqual([
      undefined,
      'p2',
      'p3',
    ]);
    for (const call of calls) {
      expect(call).toMatchObject({ logGroupName: LOG_GROUP, startTime: NOW - 3_600_000, endTime: END });
    }
    expect(figures).toMatchObject({ detections: 2, calls: 4, matched: 2, enqueued: 2 });
    const jobs = enqueued.flat();
    expect(jobs.map((j) => intakeJobSchema.parse(j))).toMatchObject([
      {
        kind: 'cloudtrail-detection',
        detectionId: 'test-iam-changes',
        origin: `log-watch/${ACCOUNT}/${REGION}`,
      },
      { kind: 'cloudtrail-detection', detectionId: 'test-iam-changes' },
    ]);
    expect(jobs[0]?.payload).toMatchObject({ eventID: 'ev-1', eventName: 'AttachUserPolicy' });
    expect(jobs[0]?.receivedAt).toBe(new Date(NOW).toISOString());
    // The window was read to its end, so the next run starts just after it.
    expect(await cursorStore.get(IAM_KEY)).toEqual({ timestampMs: END + 1, eventIds: [] });
  });

  it('advances the cursor only after the enqueue succeeded', async () => {
    logs
      .on(FilterLogEventsCommand, { filterPattern: IAM_PATTERN })
      .resolvesOnce({ events: [iamEvent('1', '2025-05-20T08:10:00.000Z')], nextToken: 'p2' })
      .resolvesOnce({ events: [iamEvent('2', '2025-05-20T08:20:00.000Z')] });
    let calls = 0;
    const { options, cursorStore } = setup({
      enqueue: async () => {
        calls += 1;
        if (calls === 2) throw new Error('Redis went away');
      },
    });

    await expect(runLogWatch(options)).rejects.toThrow('Redis went away');
    // Page 1 is in the queue and behind the cursor; page 2 failed, so the cursor stops before it.
    expect(await cursorStore.get(IAM_KEY)).toEqual({
      timestampMs: at('2025-05-20T08:10:00.000Z'),
      eventIds: ['1'],
    });
  });

  it('enqueues nothing twice when the next run starts at the shared last millisecond', async () => {
    const sameMs = '2025-05-20T08:10:00.000Z';
    const { options, enqueued, cursorStore, clock } = setup();
    logs
      .on(FilterLogEventsCommand, { filterPattern: IAM_PATTERN })
      .resolvesOnce({ events: [iamEvent('1', sameMs), iamEvent('2', sameMs)], nextToken: 'p2' })
      .rejectsOnce(new Error('socket hang up'));
    await expect(runLogWatch(options)).rejects.toThrow();
    expect(await cursorStore.get(IAM_KEY)).toEqual({ timestampMs: at(sameMs), eventIds: ['1', '2'] });

    // The retry, a minute later: the window restarts at the cursor and overlaps the first run.
    clock.ms += 60_000;
    logs.reset();
    logs.on(FilterLogEventsCommand).resolves({ events: [] });
    logs.on(FilterLogEventsCommand, { filterPattern: IAM_PATTERN }).resolvesOnce({
      events: [
        iamEvent('1', sameMs),
        iamEvent('2', sameMs),
        iamEvent('3', sameMs),
        iamEvent('4', '2025-05-20T08:30:00.000Z'),
      ],
    });
    await runLogWatch(options);

    const iamCall = logs
      .commandCalls(FilterLogEventsCommand)
      .find((c) => c.args[0].input.filterPattern === IAM_PATTERN);
    expect(iamCall?.args[0].input.startTime).toBe(at(sameMs));
    const ids = enqueued.flat().map((j) => (j.payload as { eventID: string }).eventID);
    expect(ids).toEqual(['ev-1', 'ev-2', 'ev-3', 'ev-4']);

    // A third run over an already-read window makes no call for it at all.
    const before = enqueued.flat().length;
    await runLogWatch(options);
    expect(enqueued.flat().length).toBe(before);
  });

  it('takes a budget token before every FilterLogEvents call, spaced by the injected clock', async () => {
    const redis: Redis = testRedisClient();
    const prefix = uniquePrefix('logwatch');
    try {
      const clock = new FakeClock(NOW);
      const callTimes: number[] = [];
      logs.on(FilterLogEventsCommand).callsFake(() => {
        callTimes.push(clock.ms - NOW);
        return { events: [] };
      });
      logs
        .on(FilterLogEventsCommand, { filterPattern: IAM_PATTERN })
        .callsFake((input: { nextToken?: string }) => {
          callTimes.push(clock.ms - NOW);
          const n = Number(input.nextToken?.slice(1) ?? '1');
          return n < 6 ? { events: [], nextToken: `p${n + 1}` } : { events: [] };
        });
      const budget = new RedisRateBudget({ redis, prefix, now: clock.now, sleep: clock.sleep });
      const { options } = setup({ budget, now: clock.now });

      await runLogWatch(options);

      // 6 IAM pages + 1 root call, 250 ms apart: never more than 4 in any second.
      expect(callTimes).toEqual([0, 250, 500, 750, 1000, 1250, 1500]);
      for (const t of callTimes)
        expect(callTimes.filter((u) => u >= t && u < t + 1000).length).toBe(
          Math.min(4, callTimes.filter((u) => u >= t).length),
        );
    } finally {
      await deletePrefix(redis, prefix);
      await redis.quit();
    }
  });
});

describe('logWatchSchedulerEntries', () => {
  it('makes one scheduler per log group on the schedules queue, with ids free of colons', () => {
    const entries = logWatchSchedulerEntries(
      [
        { accountId: ACCOUNT, region: REGION, logGroupName: LOG_GROUP },
        { accountId: '456789012345', region: 'eu-west-1', logGroupName: 'org/trail:main' },
      ],
      60_000,
    );
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      expect(entry).toMatchObject({
        queue: QueueName.Schedules,
        job: JobName.LogWatch,
        repeat: { every: 60_000 },
      });
      expect(entry.id).not.toContain(':');
    }
    expect(entries[1]?.data).toEqual({
      accountId: '456789012345',
      region: 'eu-west-1',
      logGroupName: 'org/trail:main',
    });
    expect(new Set(entries.map((e) => e.id)).size).toBe(2);
  });
});

afterAll(() => logs.restore());
afterEach(() => logs.reset());
