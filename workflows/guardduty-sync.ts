/**
 * GuardDuty sync: polls GuardDuty in every configured account and region and puts each new
 * finding revision through `acceptInputs`, where it is normalized like any other alert and
 * stored on the `alerts` queue.
 *
 * Jobs consumed: `schedule.guardduty-sync` on the `schedules` queue, one job scheduler per
 * account x region (`guardDutySchedulerEntries`), data `{ accountId, region }`.
 *
 * Steps, per detector:
 *  1. Read the cursor (largest finding updatedAt already enqueued); on the first run start
 *     `backfillMs` ago instead.
 *  2. ListFindings updated since cursor - `overlapMs`, oldest first, 50 per page, all pages.
 *  3. GetFindings in batches of 50.
 *  4. Enqueue one intake job per finding revision, job id `gd.<findingId>.<updatedAtMs>`: a
 *     revision seen twice (the overlap) has the same id and BullMQ ignores it; a finding
 *     GuardDuty updated (count went up) has a new updatedAt, so a new job updates the incident.
 *  5. Only after the enqueue succeeded, advance the cursor to the batch's largest updatedAt. A
 *     failed enqueue leaves the cursor where it was and fails the job, so BullMQ retries it.
 *
 * The overlap also covers findings GuardDuty updates while a poll is paging through results.
 *
 * Posts to Slack: nothing itself. The incident engine posts or updates the card for each alert.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import type { IntakeJob } from '../src/alerts/intake/intake-job.js';
import { findingUpdatedAtMs, type GuardDutyFinding } from '../src/aws/guardduty/finding.js';
import type { FindingIdsCriteria, GuardDutyFindingsPort } from '../src/aws/guardduty/port.js';
import { inBatches } from '../src/aws/guardduty/requests.js';
import { type CursorStore, guardDutyCursorKey, RedisCursorStore } from '../src/aws/guardduty/sync-cursor.js';
import type { AppContext } from '../src/platform/context.js';
import { AwsError, ErrorCode, NotFoundError } from '../src/platform/errors.js';
import type { Logger } from '../src/platform/log/logger.js';
import { JobName, jobId, QueueName } from '../src/platform/queue/names.js';
import type { SchedulerEntry, Workflow } from '../src/platform/queue/processors.js';

export const DEFAULT_BACKFILL_MS = 24 * 3600_000;
export const DEFAULT_OVERLAP_MS = 5 * 60_000;

/** One job for `enqueue`: the lead's Queue.addBulk uses `id` as the BullMQ job id. */
export interface GuardDutyIntakeJob {
  readonly id: string;
  readonly data: IntakeJob;
}

export interface GuardDutySyncOptions {
  /** 12-digit account id. */
  readonly account: string;
  readonly region: string;
  readonly port: GuardDutyFindingsPort;
  readonly cursorStore: CursorStore;
  /** Hands the inputs to `acceptInputs`; resolves only once their alerts are in Redis. */
  readonly enqueue: (jobs: readonly GuardDutyIntakeJob[]) => Promise<void>;
  readonly now: () => Date;
  readonly logger: Logger;
  /** How far back the first run looks. @defaultValue 24 h */
  readonly backfillMs?: number;
  /** How far before the cursor each poll starts again. @defaultValue 5 min */
  readonly overlapMs?: number;
  /** @defaultValue false */
  readonly includeArchived?: boolean;
}

export interface GuardDutySyncFigures {
  detectors: number;
  pages: number;
  listed: number;
  fetched: number;
  enqueued: number;
}

export function guardDutyOrigin(account: string, region: string): string {
  return `guardduty-sync/${account}/${region}`;
}

/** `gd.<findingId>.<updatedAtMs>`: one id per finding revision, never a `:`. */
export function guardDutyJobId(finding: GuardDutyFinding): string {
  return jobId('gd', finding.Id, findingUpdatedAtMs(finding));
}

export function guardDutyIntakeJob(
  finding: GuardDutyFinding,
  origin: string,
  receivedAt: Date,
): GuardDutyIntakeJob {
  return {
    id: guardDutyJobId(finding),
    data: { kind: 'guardduty-sdk-finding', origin, receivedAt: receivedAt.toISOString(), payload: finding },
  };
}

export async function syncGuardDutyFindings(options: GuardDutySyncOptions): Promise<GuardDutySyncFigures> {
  const { account, region, port, logger } = options;
  const figures: GuardDutySyncFigures = { detectors: 0, pages: 0, listed: 0, fetched: 0, enqueued: 0 };
  const detectors = await port.listDetectors();
  figures.detectors = detectors.length;
  if (detectors.length === 0) {
    logger.warn(
      { account, region },
      'GuardDuty has no detector here; nothing to sync (is GuardDuty enabled?)',
    );
  }
  for (const detectorId of detectors) {
    await syncDetector(options, detectorId, figures);
  }
  logger.info({ account, region, ...figures }, 'GuardDuty sync finished');
  return figures;
}

async function syncDetector(
  options: GuardDutySyncOptions,
  detectorId: string,
  figures: GuardDutySyncFigures,
): Promise<void> {
  const { account, region, port, cursorStore, enqueue, now } = options;
  // GuardDuty allows one detector per account and region; keying by detector too means a
  // re-created detector starts with its own backfill instead of inheriting a stale cursor.
  const key = guardDutyCursorKey(account, region, detectorId);
  const origin = guardDutyOrigin(account, region);
  let cursor = await cursorStore.get(key);
  const criteria: FindingIdsCriteria = {
    updatedSinceMs:
      cursor === undefined
        ? now().getTime() - (options.backfillMs ?? DEFAULT_BACKFILL_MS)
        : Math.max(0, cursor - (options.overlapMs ?? DEFAULT_OVERLAP_MS)),
    includeArchived: options.includeArchived ?? false,
  };
  let nextToken: string | undefined;
  do {
    const page = await port.listFindingIds(detectorId, criteria, nextToken);
    figures.pages += 1;
    figures.listed += page.ids.length;
    for (const batch of inBatches(page.ids)) {
      const findings = [...(await port.getFindings(detectorId, batch))].sort(
        (a, b) => findingUpdatedAtMs(a) - findingUpdatedAtMs(b),
      );
      figures.fetched += findings.length;
      if (findings.length === 0) continue;
      const receivedAt = now();
      await enqueue(findings.map((finding) => guardDutyIntakeJob(finding, origin, receivedAt)));
      figures.enqueued += findings.length;
      const batchMax = Math.max(...findings.map(findingUpdatedAtMs));
      if (cursor === undefined || batchMax > cursor) {
        await cursorStore.set(key, batchMax);
        cursor = batchMax;
      }
    }
    nextToken = page.nextToken;
  } while (nextToken);
}

export const guardDutySyncJobDataSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/),
  region: z.string().min(1),
});
export type GuardDutySyncJobData = z.infer<typeof guardDutySyncJobDataSchema>;

/** One job scheduler per configured account x region, polling every `intervalMs`. */
export function guardDutySchedulerEntries(
  accounts: ReadonlyArray<{ readonly id: string; readonly regions: readonly string[] }>,
  intervalMs: number,
): SchedulerEntry[] {
  return accounts.flatMap((account) =>
    account.regions.map((region) => {
      const data: GuardDutySyncJobData = { accountId: account.id, region };
      return {
        queue: QueueName.Schedules,
        id: jobId('guardduty-sync', account.id, region),
        repeat: { every: intervalMs },
        job: JobName.GuardDutySync,
        data,
      };
    }),
  );
}

export interface GuardDutySyncWorkflowDeps {
  /** Stores what the sync found; the composition root passes `acceptInputs` bound to the runtime. */
  readonly enqueue: (ctx: AppContext, jobs: readonly IntakeJob[]) => Promise<void>;
  /** The findings port for an account and region: the SDK one in production. */
  readonly portFor: (ctx: AppContext, target: { accountId: string; region: string }) => GuardDutyFindingsPort;
}

/** The workflow: one job scheduler per account x region, and the processor that runs a poll. */
export function guardDutySyncWorkflow(deps: GuardDutySyncWorkflowDeps): Workflow {
  const { portFor } = deps;
  return {
    name: 'guardduty-sync',
    schedulers: (ctx) =>
      ctx.config.guardDuty.syncEnabled
        ? guardDutySchedulerEntries(ctx.config.aws.accounts, ctx.config.guardDuty.intervalSeconds * 1000)
        : [],
    processors: [
      {
        queue: QueueName.Schedules,
        job: JobName.GuardDutySync,
        async handle(job: Job, ctx: AppContext) {
          const parsed = guardDutySyncJobDataSchema.safeParse(job.data);
          if (!parsed.success)
            throw new UnrecoverableError(`guardduty-sync job data is invalid: ${parsed.error.message}`);
          const { accountId, region } = parsed.data;
          try {
            return await syncGuardDutyFindings({
              account: accountId,
              region,
              port: portFor(ctx, { accountId, region }),
              cursorStore: new RedisCursorStore(ctx.redis, ctx.config.redis.prefix),
              enqueue: (jobs) =>
                deps.enqueue(
                  ctx,
                  jobs.map((j) => j.data),
                ),
              now: ctx.now,
              logger: ctx.logger.child({ workflow: 'guardduty-sync', accountId, region }),
              backfillMs: ctx.config.guardDuty.backfillHours * 3600_000,
              includeArchived: ctx.config.guardDuty.includeArchived,
            });
          } catch (error) {
            // A missing permission or an account not in config will not fix itself by retrying.
            if (error instanceof AwsError && error.code === ErrorCode.AwsAccessDenied)
              throw new UnrecoverableError(error.message);
            if (error instanceof NotFoundError) throw new UnrecoverableError(error.message);
            throw error;
          }
        },
      },
    ],
  };
}
