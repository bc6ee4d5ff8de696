import {
  AccessDeniedException,
  type Finding,
  GetFindingsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFindingsCommand,
} from '@aws-sdk/client-guardduty';
import { mockClient } from 'aws-sdk-client-mock';
import type { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { intakeJobSchema } from '../../src/alerts/intake/intake-job.js';
import { SdkGuardDutyFindingsPort } from '../../src/aws/guardduty/sdk-port.js';
import { guardDutyCursorKey, RedisCursorStore } from '../../src/aws/guardduty/sync-cursor.js';
import { AwsError, ErrorCode } from '../../src/platform/errors.js';
import { createSilentLogger } from '../../src/platform/log/logger.js';
import { JobName, QueueName } from '../../src/platform/queue/names.js';
import {
  type GuardDutyIntakeJob,
  type GuardDutySyncOptions,
  guardDutySchedulerEntries,
  guardDutySyncJobDataSchema,
  syncGuardDutyFindings,
} from '../../workflows/guardduty-sync.js';
import {
  ACCOUNT,
  DETECTOR,
  findingIds,
  findingWith,
  loadGetFindings,
  MemoryCursorStore,
  REGION,
} from '../aws/guardduty/gd-test-kit.js';
import { deletePrefix, testRedisClient, uniquePrefix } from '../support/redis.js';

const NOW = new Date('2025-03-14T09:00:00.000Z');
const KEY = guardDutyCursorKey(ACCOUNT, REGION, DETECTOR);
const gd = mockClient(GuardDutyClient);

/** GuardDuty as the mock sees it: findings by id; ListFindings pages through `pages`. */
function serveFindings(pages: string[][], findings: Map<string, Finding>): void {
  gd.on(ListDetectorsCommand).resolves({ DetectorIds: [DETECTOR] });
  const list = gd.on(ListFindingsCommand);
  pages.forEach((ids, i) => {
    const next = i + 1 < pages.length ? { NextToken: `page-${i + 1}` } : {};
    list.resolvesOnce({ FindingIds: ids, ...next });
  });
  gd.on(GetFindingsCommand).callsFake((input: { FindingIds: string[] }) => ({
    Findings: input.FindingIds.flatMap((id) => findings.get(id) ?? []),
  }));
}

function byId(list: Finding[]): Map<string, Finding> {
  return new Map(list.map((f) => [f.Id ?? '', f]));
}

function options(overrides: Partial<GuardDutySyncOptions> = {}) {
  const client = new GuardDutyClient({
    region: REGION,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 't' },
  });
  const enqueued: GuardDutyIntakeJob[][] = [];
  const cursorStore = new MemoryCursorStore();
  const base: GuardDutySyncOptions = {
    account: ACCOUNT,
    region: REGION,
    port: new SdkGuardDutyFindingsPort(client, { accountId: ACCOUNT, region: REGION }),
    cursorStore,
    enqueue: async (jobs) => {
      enqueued.push([...jobs]);
    },
    now: () => NOW,
    logger: createSilentLogger(),
  };
  return { opts: { ...base, ...overrides }, enqueued, cursorStore };
}

/** 120 findings, one second apart from `start`, served 50 / 50 / 20 per ListFindings page. */
function hundredTwenty(start = Date.parse('2025-03-14T06:00:00.000Z')) {
  const ids = findingIds(120);
  const findings = ids.map((id, i) => findingWith(id, start + i * 1000));
  return { ids, findings, pages: [ids.slice(0, 50), ids.slice(50, 100), ids.slice(100)] };
}

beforeEach(() => {
  gd.reset();
});

describe('syncGuardDutyFindings', () => {
  it('backfills 24 h on the first run and enqueues one intake job per finding', async () => {
    const fixture = loadGetFindings('get-findings-iam-and-s3.json').Findings ?? [];
    serveFindings([fixture.map((f) => f.Id ?? '')], byId(fixture));
    const { opts, enqueued, cursorStore } = options();

    const figures = await syncGuardDutyFindings(opts);

    expect(figures).toEqual({ detectors: 1, pages: 1, listed: 2, fetched: 2, enqueued: 2 });
    const criterion = gd.commandCalls(ListFindingsCommand)[0]?.args[0].input.FindingCriteria?.Criterion;
    expect(criterion?.updatedAt).toEqual({ GreaterThanOrEqual: NOW.getTime() - 24 * 3600_000 });
    expect(criterion?.['service.archived']).toEqual({ Equals: ['false'] });
    const jobs = enqueued.flat();
    // Oldest revision first within a batch.
    expect(jobs.map((j) => j.id)).toEqual([
      `gd.c0e2a4c6e8a0c2e4a6c8e0a2c4e6a8c0.${Date.parse('2025-03-14T06:31:45.118Z')}`,
      `gd.b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7.${Date.parse('2025-03-14T07:55:02.004Z')}`,
    ]);
    for (const job of jobs) {
      expect(job.id).not.toContain(':');
      expect(intakeJobSchema.parse(job.data)).toMatchObject({
        kind: 'guardduty-sdk-finding',
        origin: `guardduty-sync/${ACCOUNT}/${REGION}`,
        receivedAt: NOW.toISOString(),
      });
    }
    expect(jobs[0]?.data.payload).toHaveProperty('Resource.S3BucketDetails.0.Name', 'wk-test-exports');
    expect(await cursorStore.get(KEY)).toBe(Date.parse('2025-03-14T07:55:02.004Z'));
  });

  it('follows every ListFindings page and fetches 120 ids in batches of 50', async () => {
    const { findings, pages } = hundredTwenty();
    serveFindings(pages, byId(findings));
    const { opts, enqueued, cursorStore } = options();

    const figures = await syncGuardDutyFindings(opts);

    expect(figures).toMatchObject({ pages: 3, listed: 120, fetched: 120, enqueued: 120 });
    expect(gd.commandCalls(ListFindingsCommand).map((c) => c.args[0].input.NextToken)).toEqual([
      undefined,
      'page-1',
      'page-2',
    ]);
    expect(gd.commandCalls(GetFindingsCommand).map((c) => c.args[0].input.FindingIds?.length)).toEqual([
      50, 50, 20,
    ]);
    expect(enqueued.map((batch) => batch.length)).toEqual([50, 50, 20]);
    // The cursor advanced after each batch, in order, to that batch's newest finding.
    const start = Date.parse('2025-03-14T06:00:00.000Z');
    expect(cursorStore.writes).toEqual([
      [KEY, start + 49_000],
      [KEY, start + 99_000],
      [KEY, start + 119_000],
    ]);
  });

  it('starts the next poll five minutes before the cursor', async () => {
    serveFindings([[]], new Map());
    const { opts, cursorStore } = options();
    await cursorStore.set(KEY, Date.parse('2025-03-14T08:30:00.000Z'));
    await syncGuardDutyFindings(opts);
    const criterion = gd.commandCalls(ListFindingsCommand)[0]?.args[0].input.FindingCriteria?.Criterion;
    expect(criterion?.updatedAt).toEqual({ GreaterThanOrEqual: Date.parse('2025-03-14T08:25:00.000Z') });
  });

  it('leaves the cursor where it was when the enqueue fails, and rethrows', async () => {
    const { findings, pages } = hundredTwenty();
    serveFindings(pages, byId(findings));
    const failure = new Error('Redis is unavailable');
    const enqueue = vi.fn().mockResolvedValueOnce(undefined).mockRejectedValueOnce(failure);
    const { opts, cursorStore } = options({ enqueue });

    await expect(syncGuardDutyFindings(opts)).rejects.toBe(failure);

    // Batch 1 went in and moved the cursor; batch 2 failed and did not.
    expect(await cursorStore.get(KEY)).toBe(Date.parse('2025-03-14T06:00:00.000Z') + 49_000);
    expect(cursorStore.writes).toHaveLength(1);
  });

  it('does not create a cursor when the very first enqueue fails', async () => {
    const { findings, pages } = hundredTwenty();
    serveFindings(pages, byId(findings));
    const { opts, cursorStore } = options({ enqueue: vi.fn().mockRejectedValue(new Error('down')) });
    await expect(syncGuardDutyFindings(opts)).rejects.toThrow('down');
    expect(await cursorStore.get(KEY)).toBeUndefined();
  });

  it('gives the same job ids to the same revisions seen by two overlapping polls', async () => {
    const findings = [
      findingWith('a1'.padEnd(32, '0'), '2025-03-14T08:27:00.000Z'),
      findingWith('b2'.padEnd(32, '0'), '2025-03-14T08:28:00.000Z'),
    ];
    const { opts, enqueued } = options();
    serveFindings([findings.map((f) => f.Id ?? '')], byId(findings));
    await syncGuardDutyFindings(opts);
    gd.reset();
    // The second poll re-lists both (they are inside the overlap window).
    serveFindings([findings.map((f) => f.Id ?? '')], byId(findings));
    await syncGuardDutyFindings(opts);

    const [first, second] = enqueued;
    expect(second?.map((j) => j.id)).toEqual(first?.map((j) => j.id));
    // What BullMQ keeps: one job per id.
    expect(new Set(enqueued.flat().map((j) => j.id)).size).toBe(2);
  });

  it('gives a new job id to a finding GuardDuty updated (its count went up)', async () => {
    const id = 'a4c6e8f0b2d4f6a8c0e2b4d6f8a0c2e4';
    const before = findingWith(id, '2025-03-14T08:09:33.871Z', { Service: { Count: 14 } });
    const after = findingWith(id, '2025-03-14T08:41:02.310Z', { Service: { Count: 19 } });
    const { opts, enqueued, cursorStore } = options();
    serveFindings([[id]], byId([before]));
    await syncGuardDutyFindings(opts);
    gd.reset();
    serveFindings([[id]], byId([after]));
    await syncGuardDutyFindings(opts);

    const ids = enqueued.flat().map((j) => j.id);
    expect(ids).toEqual([
      `gd.${id}.${Date.parse(before.UpdatedAt ?? '')}`,
      `gd.${id}.${Date.parse(after.UpdatedAt ?? '')}`,
    ]);
    expect(enqueued[1]?.[0]?.data.payload).toHaveProperty('Service.Count', 19);
    expect(await cursorStore.get(KEY)).toBe(Date.parse('2025-03-14T08:41:02.310Z'));
  });

  it('asks for archived findings too when includeArchived is set', async () => {
    serveFindings([[]], new Map());
    const { opts } = options({ includeArchived: true });
    await syncGuardDutyFindings(opts);
    const criterion = gd.commandCalls(ListFindingsCommand)[0]?.args[0].input.FindingCriteria?.Criterion;
    expect(criterion).not.toHaveProperty(['service.archived']);
  });

  it('fails with an AwsError naming guardduty:ListFindings when access is denied, cursor untouched', async () => {
    gd.on(ListDetectorsCommand).resolves({ DetectorIds: [DETECTOR] });
    gd.on(ListFindingsCommand).rejects(
      new AccessDeniedException({ message: 'not authorized', $metadata: { httpStatusCode: 403 } }),
    );
    const { opts, cursorStore } = options();
    const error = await syncGuardDutyFindings(opts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsError);
    expect((error as AwsError).code).toBe(ErrorCode.AwsAccessDenied);
    expect((error as AwsError).missingAction).toBe('guardduty:ListFindings');
    expect(cursorStore.writes).toEqual([]);
  });

  it('does nothing, and says so, where GuardDuty has no detector', async () => {
    gd.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    const logger = createSilentLogger();
    const warn = vi.spyOn(logger, 'warn');
    const { opts, enqueued } = options({ logger });
    expect(await syncGuardDutyFindings(opts)).toEqual({
      detectors: 0,
      pages: 0,
      listed: 0,
      fetched: 0,
      enqueued: 0,
    });
    expect(enqueued).toEqual([]);
    expect(warn).toHaveBeenCalled();
  });

  it('keeps its cursor in a real Redis between polls', async () => {
    const redis: Redis = testRedisClient();
    const prefix = uniquePrefix('gd-sync');
    try {
      const { findings, pages } = hundredTwenty();
      serveFindings(pages, byId(findings));
      const cursorStore = new RedisCursorStore(redis, prefix);
      const { opts } = options({ cursorStore });
      await syncGuardDutyFindings(opts);
      expect(await cursorStore.get(KEY)).toBe(Date.parse('2025-03-14T06:00:00.000Z') + 119_000);

      gd.reset();
      serveFindings([[]], new Map());
      await syncGuardDutyFindings(opts);
      const criterion = gd.commandCalls(ListFindingsCommand)[0]?.args[0].input.FindingCriteria?.Criterion;
      expect(criterion?.updatedAt).toEqual({
        GreaterThanOrEqual: Date.parse('2025-03-14T06:00:00.000Z') + 119_000 - 5 * 60_000,
      });
    } finally {
      await deletePrefix(redis, prefix);
      redis.disconnect();
    }
  });
});

describe('guardDutySchedulerEntries', () => {
  it('makes one scheduler per account and region, ids without a colon', () => {
    const entries = guardDutySchedulerEntries(
      [
        { id: ACCOUNT, regions: ['eu-west-1', 'us-east-1'] },
        { id: '123456789012', regions: ['eu-central-1'] },
      ],
      60_000,
    );
    expect(entries.map((e) => e.id)).toEqual([
      `guardduty-sync.${ACCOUNT}.eu-west-1`,
      `guardduty-sync.${ACCOUNT}.us-east-1`,
      'guardduty-sync.123456789012.eu-central-1',
    ]);
    for (const entry of entries) {
      expect(entry.id).not.toContain(':');
      expect(entry).toMatchObject({
        queue: QueueName.Schedules,
        job: JobName.GuardDutySync,
        repeat: { every: 60_000 },
      });
      expect(guardDutySyncJobDataSchema.parse(entry.data)).toEqual(entry.data);
    }
    expect(entries[2]?.data).toEqual({ accountId: '123456789012', region: 'eu-central-1' });
  });

  it('makes none without accounts', () => {
    expect(guardDutySchedulerEntries([], 60_000)).toEqual([]);
  });
});

afterAll(() => {
  gd.restore();
});
