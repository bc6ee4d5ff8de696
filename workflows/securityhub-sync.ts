/**
 * Security Hub sync (optional, `securityHub.syncEnabled`): polls Security Hub CSPM's GetFindings
 * in every configured account and region (or only `securityHub.regions`, the aggregation region
 * of an organisation) and puts each finding revision through `acceptInputs`, like the GuardDuty
 * sync. For teams that cannot add the "Security Hub Findings - Imported" EventBridge rule.
 *
 * Jobs consumed: the Security Hub sync job on the `schedules` queue, one job scheduler per
 * account x region (`securityHubSchedulerEntries`), data `{ accountId, region }`.
 *
 * Steps:
 *  1. Read the cursor (largest finding UpdatedAt already enqueued); on the first run start
 *     `backfillMs` ago instead.
 *  2. GetFindings updated since cursor - `overlapMs`, oldest first, 100 per page, every record
 *     state (an ARCHIVED or RESOLVED finding is how the incident recovers).
 *  3. Enqueue each page as intake jobs (kind `securityhub-asff-finding`). Alert job ids come from
 *     the finding and its UpdatedAt, so the overlap, or a finding that also came by EventBridge
 *     (or, for GuardDuty, directly), is stored once.
 *  4. Only after the enqueue succeeded, advance the cursor to the page's largest UpdatedAt. A
 *     failed enqueue leaves the cursor and fails the job, so BullMQ retries it.
 *
 * Posts to Slack: nothing itself. The incident engine posts or updates the card for each alert.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import type { IntakeJob } from '../src/alerts/intake/intake-job.js';
import type { CursorStore } from '../src/aws/guardduty/sync-cursor.js';
import { RedisCursorStore } from '../src/aws/guardduty/sync-cursor.js';
import { findingUpdatedAtMs, type SecurityHubFindingsPort } from '../src/aws/securityhub/port.js';
import type { SecurityHubConfig } from '../src/platform/config/security-hub.js';
import type { AppContext } from '../src/platform/context.js';
import { AwsError, ErrorCode, NotFoundError } from '../src/platform/errors.js';
import type { Logger } from '../src/platform/log/logger.js';
import { type JobName, jobId, QueueName } from '../src/platform/queue/names.js';
import type { SchedulerEntry, Workflow } from '../src/platform/queue/processors.js';

export const DEFAULT_BACKFILL_MS = 24 * 3600_000;
export const DEFAULT_OVERLAP_MS = 5 * 60_000;

export interface SecurityHubSyncOptions {
  readonly account: string;
  readonly region: string;
  readonly port: SecurityHubFindingsPort;
  readonly cursorStore: CursorStore;
  /** Hands the inputs to `acceptInputs`; resolves only once their alerts are in Redis. */
  readonly enqueue: (jobs: readonly IntakeJob[]) => Promise<void>;
  readonly now: () => Date;
  readonly logger: Logger;
  /** How far back the first run looks. @defaultValue 24 h */
  readonly backfillMs?: number;
  /** How far before the cursor each poll starts again. @defaultValue 5 min */
  readonly overlapMs?: number;
}

export interface SecurityHubSyncFigures {
  pages: number;
  enqueued: number;
}

export function securityHubOrigin(account: string, region: string): string {
  return `securityhub-sync/${account}/${region}`;
}

/** The cursor key for one account and region (no `:` in the parts: they are ids and codes). */
export function securityHubCursorKey(accountId: string, region: string): string {
  return `securityhub-sync-cursor:${accountId}:${region}`;
}

export async function syncSecurityHubFindings(
  options: SecurityHubSyncOptions,
): Promise<SecurityHubSyncFigures> {
  const { account, region, port, cursorStore, enqueue, now, logger } = options;
  const figures: SecurityHubSyncFigures = { pages: 0, enqueued: 0 };
  const key = securityHubCursorKey(account, region);
  const origin = securityHubOrigin(account, region);
  let cursor = await cursorStore.get(key);
  const since =
    cursor === undefined
      ? now().getTime() - (options.backfillMs ?? DEFAULT_BACKFILL_MS)
      : Math.max(0, cursor - (options.overlapMs ?? DEFAULT_OVERLAP_MS));
  let nextToken: string | undefined;
  do {
    const page = await port.getFindings(since, nextToken);
    figures.pages += 1;
    if (page.findings.length > 0) {
      const receivedAt = now().toISOString();
      await enqueue(
        page.findings.map((finding) => ({
          kind: 'securityhub-asff-finding',
          origin,
          receivedAt,
          payload: finding,
        })),
      );
      figures.enqueued += page.findings.length;
      const pageMax = Math.max(...page.findings.map(findingUpdatedAtMs));
      if (pageMax > 0 && (cursor === undefined || pageMax > cursor)) {
        await cursorStore.set(key, pageMax);
        cursor = pageMax;
      }
    }
    nextToken = page.nextToken;
  } while (nextToken);
  logger.info({ account, region, ...figures }, 'Security Hub sync finished');
  return figures;
}

export const securityHubSyncJobDataSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/),
  region: z.string().min(1),
});
export type SecurityHubSyncJobData = z.infer<typeof securityHubSyncJobDataSchema>;

/** One job scheduler per account x region to poll: `securityHub.regions`, else each account's regions. */
export function securityHubSchedulerEntries(
  accounts: ReadonlyArray<{ readonly id: string; readonly regions: readonly string[] }>,
  config: Pick<SecurityHubConfig, 'intervalSeconds' | 'regions'>,
  job: JobName,
): SchedulerEntry[] {
  return accounts.flatMap((account) =>
    (config.regions.length > 0 ? config.regions : account.regions).map((region) => {
      const data: SecurityHubSyncJobData = { accountId: account.id, region };
      return {
        queue: QueueName.Schedules,
        id: jobId('securityhub-sync', account.id, region),
        repeat: { every: config.intervalSeconds * 1000 },
        job,
        data,
      };
    }),
  );
}

export interface SecurityHubSyncWorkflowDeps {
  /** The job name the schedulers and the processor use (`JobName.SecurityHubSync`). */
  readonly job: JobName;
  /** The `securityHub` config section (src/platform/config/security-hub.ts). */
  readonly config: (ctx: AppContext) => SecurityHubConfig;
  /** Stores what the sync found; the composition root passes `acceptInputs` bound to the runtime. */
  readonly enqueue: (ctx: AppContext, jobs: readonly IntakeJob[]) => Promise<void>;
  /** The findings port for an account and region: the SDK one in production. */
  readonly portFor: (
    ctx: AppContext,
    target: { accountId: string; region: string },
  ) => SecurityHubFindingsPort;
}

/** The workflow: one job scheduler per account x region when enabled, and the processor that runs a poll. */
export function securityHubSyncWorkflow(deps: SecurityHubSyncWorkflowDeps): Workflow {
  return {
    name: 'securityhub-sync',
    schedulers: (ctx) => {
      const config = deps.config(ctx);
      return config.syncEnabled ? securityHubSchedulerEntries(ctx.config.aws.accounts, config, deps.job) : [];
    },
    processors: [
      {
        queue: QueueName.Schedules,
        job: deps.job,
        async handle(job: Job, ctx: AppContext) {
          const parsed = securityHubSyncJobDataSchema.safeParse(job.data);
          if (!parsed.success)
            throw new UnrecoverableError(`securityhub-sync job data is invalid: ${parsed.error.message}`);
          const { accountId, region } = parsed.data;
          try {
            return await syncSecurityHubFindings({
              account: accountId,
              region,
              port: deps.portFor(ctx, { accountId, region }),
              cursorStore: new RedisCursorStore(ctx.redis, ctx.config.redis.prefix),
              enqueue: (jobs) => deps.enqueue(ctx, jobs),
              now: ctx.now,
              logger: ctx.logger.child({ workflow: 'securityhub-sync', accountId, region }),
              backfillMs: deps.config(ctx).backfillHours * 3600_000,
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
