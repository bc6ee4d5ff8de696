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

import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { type Job, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { awsClientsFor } from '../src/aws/client-cache.js';
import type { PosturePort } from '../src/aws/posture/port.js';
import { s3ControlPublicAccessBlockReader } from '../src/aws/posture/s3-control.js';
import { createSdkPosturePort } from '../src/aws/posture/sdk-port.js';
import { buildDigest } from '../src/digest/runtime/build.js';
import { postWeeklyDigest } from '../src/digest/runtime/post.js';
import type { DigestHistorySource } from '../src/digest/runtime/source.js';
import { reviewHistory } from '../src/iam/review/report-store.js';
import type { AppContext } from '../src/platform/context.js';
import { JobName, jobId, QueueName } from '../src/platform/queue/names.js';
import type { Workflow } from '../src/platform/queue/processors.js';
import type { Outbox } from '../src/slack/outbox/outbox.js';

export interface WeeklyDigestDeps {
  readonly history: (ctx: AppContext) => DigestHistorySource;
  readonly outbox: (ctx: AppContext) => Outbox;
  readonly detectionIds: readonly string[];
  /** The posture port of an account; the sandbox passes its sample account's. */
  readonly posturePortFor?: (ctx: AppContext, accountId: string) => PosturePort;
}

const jobDataSchema = z.object({ channel: z.string(), index: z.number().int().min(0) });

/** Production posture: the SDK port with one client per service, account and region. */
export function sdkPosturePortFor(ctx: AppContext, accountId: string): PosturePort {
  const clients = awsClientsFor(ctx.config);
  const region = (kind: string, build: (config: object) => unknown) => (r: string) =>
    clients.get(kind, accountId, r, (config) => build(config));
  const homeRegion = ctx.config.aws.accounts.find((a) => a.id === accountId)?.regions[0] ?? 'us-east-1';
  return createSdkPosturePort({
    accountId,
    logger: ctx.logger,
    accountPublicAccessBlock: s3ControlPublicAccessBlockReader(
      clients.get('s3control', accountId, homeRegion, (config) => new S3ControlClient(config)),
    ),
    clients: {
      s3: region('s3', (c) => new S3Client({ ...c, followRegionRedirects: true })) as (r: string) => S3Client,
      kms: region('kms', (c) => new KMSClient(c)) as (r: string) => KMSClient,
      cloudTrail: region('cloudtrail', (c) => new CloudTrailClient(c)) as (r: string) => CloudTrailClient,
      guardDuty: region('guardduty-posture', (c) => new GuardDutyClient(c)) as (r: string) => GuardDutyClient,
    },
  });
}

export function weeklyDigestWorkflow(deps: WeeklyDigestDeps): Workflow {
  const posturePortFor = deps.posturePortFor ?? sdkPosturePortFor;
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
            outbox: deps.outbox(ctx),
            logger: ctx.logger,
            channel: schedule.channel,
            owner: String(job.id),
            now,
            timeZone: schedule.timeZone,
            build: () =>
              buildDigest({
                config: ctx.config,
                history: deps.history(ctx),
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
