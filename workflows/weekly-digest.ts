/**
 * Weekly digest: one post per configured channel and week with the team's response figures,
 * the customer-side scorecard and a chart.
 *
 * Jobs consumed: `schedule.weekly-digest` on the `schedules` queue, one job scheduler per entry
 * of `digest.schedules` (cron pattern and time zone from config), data `{ channel, index }`.
 * Steps: take the (channel, ISO week) guard in Redis; read the incident history in scope; read
 * each account's posture (S3, KMS, CloudTrail, GuardDuty; a check that cannot run says which
 * permission is missing); build figures, scorecard and chart; post through the outbox
 * (idempotent per channel and week), then upload the chart.
 * Posts to Slack: the digest message and its chart, in the schedule's channel.
 */

import { type Job, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import type { PosturePort } from '../src/aws/posture/port.js';
import { buildDigest } from '../src/digest/runtime/build.js';
import { postWeeklyDigest } from '../src/digest/runtime/post.js';
import type { DigestHistorySource } from '../src/digest/runtime/source.js';
import { reviewHistory } from '../src/iam/review/report-store.js';
import type { AppContext } from '../src/platform/context.js';
import { JobName, jobId, QueueName } from '../src/platform/queue/names.js';
import type { Workflow } from '../src/platform/queue/processors.js';
import type { Outbox } from '../src/slack/outbox/outbox.js';

export interface WeeklyDigestDeps {
  readonly history: DigestHistorySource;
  readonly outbox: Outbox;
  readonly detectionIds: readonly string[];
  /** The posture port of an account: the SDK one in production, the sample account's in the sandbox. */
  readonly posturePortFor: (ctx: AppContext, accountId: string) => PosturePort;
}

const jobDataSchema = z.object({ channel: z.string(), index: z.number().int().min(0) });

export function weeklyDigestWorkflow(deps: WeeklyDigestDeps): Workflow {
  const { posturePortFor } = deps;
  return {
    name: 'weekly-digest',
    schedulers: (ctx) =>
      ctx.config.digest.schedules.map((schedule, index) => ({
        queue: QueueName.Schedules,
        id: jobId('digest', schedule.channel, index),
        repeat: { pattern: schedule.cron, tz: schedule.timeZone },
        job: JobName.WeeklyDigest,
        data: { channel: schedule.channel, index },
      })),
    processors: [
      {
        queue: QueueName.Schedules,
        job: JobName.WeeklyDigest,
        async handle(job: Job, ctx: AppContext) {
          const data = jobDataSchema.safeParse(job.data);
          if (!data.success)
            throw new UnrecoverableError(`weekly digest job data is invalid: ${data.error.message}`);
          const schedule = ctx.config.digest.schedules[data.data.index];
          if (!schedule || schedule.channel !== data.data.channel) {
            throw new UnrecoverableError(
              `no digest schedule ${data.data.index} for ${data.data.channel} in config any more`,
            );
          }
          const now = ctx.now();
          return postWeeklyDigest({
            redis: ctx.redis,
            prefix: ctx.config.redis.prefix,
            outbox: deps.outbox,
            logger: ctx.logger,
            channel: schedule.channel,
            owner: String(job.id),
            now,
            timeZone: schedule.timeZone,
            build: () =>
              buildDigest({
                config: ctx.config,
                history: deps.history,
                now,
                scope: schedule,
                detectionIds: deps.detectionIds,
                posturePortFor: (accountId) => posturePortFor(ctx, accountId),
                onChartError: (error) =>
                  ctx.logger.warn({ err: error }, 'digest chart could not be drawn; figures go in the text'),
                accessReviews: (accounts) => reviewHistory(ctx.redis, ctx.config.redis.prefix, accounts),
                onReviewsError: (error) =>
                  ctx.logger.warn({ err: error }, 'access-review history unreadable'),
              }),
          });
        },
      },
    ],
  };
}
