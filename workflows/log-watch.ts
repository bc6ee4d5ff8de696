/**
 * Log watch (CloudTrail detections, poll mode): searches each configured CloudTrail log group
 * in CloudWatch Logs with every detection's filter pattern and hands each matched record to
 * `acceptInputs`, where it becomes a detection alert like one from EventBridge.
 *
 * Jobs consumed: `schedule.log-watch` on the `schedules` queue, one job scheduler per
 * configured (account, region, log group) (`logWatchSchedulerEntries`), data
 * `{ accountId, region, logGroupName }`.
 *
 * Steps, per detection in the catalog:
 *  1. Read the cursor (last event timestamp + the event ids at that timestamp); on the first
 *     run start `backfillMs` ago instead.
 *  2. FilterLogEvents with the detection's pattern from the cursor (inclusive) to now minus
 *     `deliveryDelayMs`, all pages. Every call first takes a token from the account+region
 *     rate budget (CloudWatch Logs allows 5 FilterLogEvents per second there).
 *  3. Per page, drop events already behind the cursor (the shared last millisecond) and enqueue
 *     one `cloudtrail-detection` intake job per record, with the detection id.
 *  4. Only after the enqueue succeeded, advance the cursor past those events; after the last
 *     page, past the whole window, so a quiet detection does not rescan old logs every run.
 *     A failed enqueue leaves the cursor where it was and fails the job; BullMQ retries it.
 *
 * Posts to Slack: nothing itself. The incident engine posts or updates the card for each alert.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import type { Catalog, Detection } from '../src/alerts/detections/catalog.js';
import type { IntakeJob } from '../src/alerts/intake/intake-job.js';
import { withRateBudget } from '../src/aws/logs/budgeted-port.js';
import {
  cursorAfter,
  isBehind,
  type LogCursor,
  type LogCursorStore,
  logWatchCursorKey,
  RedisLogCursorStore,
} from '../src/aws/logs/cursor.js';
import type { CloudTrailLogEvent, CloudTrailLogsPort } from '../src/aws/logs/port.js';
import { type RateBudget, RedisRateBudget } from '../src/aws/logs/rate-budget.js';
import {
  type CloudTrailLogGroup,
  type LogWatchConfig,
  logWatchSchema,
} from '../src/platform/config/log-watch.js';
import type { AppContext } from '../src/platform/context.js';
import { AwsError, ErrorCode, NotFoundError } from '../src/platform/errors.js';
import type { Logger } from '../src/platform/log/logger.js';
import { JobName, jobId, QueueName } from '../src/platform/queue/names.js';
import type { SchedulerEntry, Workflow } from '../src/platform/queue/processors.js';

export const DEFAULT_BACKFILL_MS = 60 * 60_000;
export const DEFAULT_DELIVERY_DELAY_MS = 300_000;

export interface LogWatchOptions {
  readonly accountId: string;
  readonly region: string;
  readonly logGroupName: string;
  readonly catalog: Catalog;
  /** The account+region's port; every call goes through `budget` first. */
  readonly port: CloudTrailLogsPort;
  readonly budget: RateBudget;
  readonly cursorStore: LogCursorStore;
  /** Hands the inputs to `acceptInputs`; resolves only once their alerts are in Redis. */
  readonly enqueue: (jobs: readonly IntakeJob[]) => Promise<void>;
  readonly now: () => Date;
  readonly logger: Logger;
  /** How far back a detection's first run looks. @defaultValue 60 min */
  readonly backfillMs?: number;
  /** The window ends this long before now. @defaultValue 300 s */
  readonly deliveryDelayMs?: number;
}

export interface LogWatchFigures {
  detections: number;
  calls: number;
  matched: number;
  skipped: number;
  enqueued: number;
}

export function logWatchOrigin(accountId: string, region: string): string {
  return `log-watch/${accountId}/${region}`;
}

export function logWatchIntakeJob(
  event: CloudTrailLogEvent,
  detectionId: string,
  origin: string,
  receivedAt: Date,
): IntakeJob {
  return {
    kind: 'cloudtrail-detection',
    origin,
    receivedAt: receivedAt.toISOString(),
    payload: event.record,
    detectionId,
  };
}

/** One poll of one log group: every detection, each from its own cursor. */
export async function runLogWatch(options: LogWatchOptions): Promise<LogWatchFigures> {
  const figures: LogWatchFigures = { detections: 0, calls: 0, matched: 0, skipped: 0, enqueued: 0 };
  const port = withRateBudget(options.port, options.budget, options);
  for (const detection of options.catalog.detections) {
    await watchDetection(options, port, detection, figures);
    figures.detections += 1;
  }
  const { accountId, region, logGroupName } = options;
  options.logger.info({ accountId, region, logGroupName, ...figures }, 'Log watch finished');
  return figures;
}

async function watchDetection(
  options: LogWatchOptions,
  port: CloudTrailLogsPort,
  detection: Detection,
  figures: LogWatchFigures,
): Promise<void> {
  const { accountId, region, logGroupName, cursorStore, now } = options;
  const key = logWatchCursorKey(accountId, region, logGroupName, detection.id);
  const start = await cursorStore.get(key);
  const startTime = start?.timestampMs ?? now().getTime() - (options.backfillMs ?? DEFAULT_BACKFILL_MS);
  const endTime = now().getTime() - (options.deliveryDelayMs ?? DEFAULT_DELIVERY_DELAY_MS);
  if (startTime > endTime) return;
  const origin = logWatchOrigin(accountId, region);
  // Pages are ascending by timestamp, but dedupe within the run does not rely on it.
  const seen = new Set<string>();
  let cursor: LogCursor | undefined = start;
  let nextToken: string | undefined;
  do {
    const page = await port.filterLogEvents({
      logGroupName,
      filterPattern: detection.filterPattern,
      startTime,
      endTime,
      ...(nextToken === undefined ? {} : { nextToken }),
    });
    figures.calls += 1;
    figures.skipped += page.skipped;
    figures.matched += page.events.length;
    const fresh = page.events.filter(
      (e) => !isBehind(start, e.timestampMs, e.eventId) && !seen.has(e.eventId),
    );
    if (fresh.length > 0) {
      const receivedAt = now();
      await options.enqueue(fresh.map((e) => logWatchIntakeJob(e, detection.id, origin, receivedAt)));
      figures.enqueued += fresh.length;
      for (const e of fresh) seen.add(e.eventId);
      cursor = cursorAfter(cursor, fresh);
      if (cursor) await cursorStore.advance(key, cursor);
    }
    nextToken = page.nextToken;
  } while (nextToken);
  // The whole window has been read: nothing at or before endTime is left to enqueue.
  if (cursor === undefined || cursor.timestampMs <= endTime) {
    await cursorStore.advance(key, { timestampMs: endTime + 1, eventIds: [] });
  }
}

export const logWatchJobDataSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/),
  region: z.string().min(1),
  logGroupName: z.string().min(1),
});
export type LogWatchJobData = z.infer<typeof logWatchJobDataSchema>;

/** One job scheduler per configured (account, region, log group), polling every `intervalMs`. */
export function logWatchSchedulerEntries(
  logGroups: readonly CloudTrailLogGroup[],
  intervalMs: number,
): SchedulerEntry[] {
  return logGroups.map(({ accountId, region, logGroupName }) => {
    const data: LogWatchJobData = { accountId, region, logGroupName };
    return {
      queue: QueueName.Schedules,
      // jobId turns any `:` into `_`; log group names may hold `/`, `.`, `#`.
      id: jobId('log-watch', accountId, region, logGroupName),
      repeat: { every: intervalMs },
      job: JobName.LogWatch,
      data,
    };
  });
}

/** The `logWatch` config section; parsed here so this works before and after it joins the global schema. */
export function logWatchConfigOf(config: object): LogWatchConfig {
  return logWatchSchema.parse('logWatch' in config ? (config.logWatch ?? {}) : {});
}

export interface LogWatchWorkflowDeps {
  /** Stores what the watch found; the composition root passes `acceptInputs` bound to the runtime. */
  readonly enqueue: (ctx: AppContext, jobs: readonly IntakeJob[]) => Promise<void>;
  /** The logs port for an account and region: the SDK one in production. */
  readonly portFor: (ctx: AppContext, target: { accountId: string; region: string }) => CloudTrailLogsPort;
  readonly catalog: Catalog;
}

/** The workflow: one job scheduler per log group, and the processor that runs a poll. */
export function logWatchWorkflow(deps: LogWatchWorkflowDeps): Workflow {
  const { portFor } = deps;
  return {
    name: 'log-watch',
    schedulers: (ctx) => {
      const config = logWatchConfigOf(ctx.config);
      return config.enabled ? logWatchSchedulerEntries(config.logGroups, config.intervalSeconds * 1000) : [];
    },
    processors: [
      {
        queue: QueueName.Schedules,
        job: JobName.LogWatch,
        async handle(job: Job, ctx: AppContext) {
          const parsed = logWatchJobDataSchema.safeParse(job.data);
          if (!parsed.success)
            throw new UnrecoverableError(`log-watch job data is invalid: ${parsed.error.message}`);
          const { accountId, region, logGroupName } = parsed.data;
          const config = logWatchConfigOf(ctx.config);
          try {
            return await runLogWatch({
              accountId,
              region,
              logGroupName,
              catalog: deps.catalog,
              port: portFor(ctx, { accountId, region }),
              budget: new RedisRateBudget({
                redis: ctx.redis,
                prefix: ctx.config.redis.prefix,
                requestsPerSecond: config.requestsPerSecond,
                now: ctx.now,
              }),
              cursorStore: new RedisLogCursorStore(ctx.redis, ctx.config.redis.prefix),
              enqueue: (jobs) => deps.enqueue(ctx, jobs),
              now: ctx.now,
              logger: ctx.logger.child({ workflow: 'log-watch', accountId, region, logGroupName }),
              backfillMs: config.backfillMinutes * 60_000,
              deliveryDelayMs: config.deliveryDelaySeconds * 1000,
            });
          } catch (error) {
            // A missing permission, log group or account will not fix itself by retrying.
            if (error instanceof AwsError && error.code === ErrorCode.AwsAccessDenied)
              throw new UnrecoverableError(error.message);
            if (error instanceof AwsError && error.awsCode === 'ResourceNotFoundException')
              throw new UnrecoverableError(`${error.message} (check logWatch.logGroups)`);
            if (error instanceof NotFoundError) throw new UnrecoverableError(error.message);
            throw error;
          }
        },
      },
    ],
  };
}
