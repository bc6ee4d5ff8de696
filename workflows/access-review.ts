/**
 * Access-review campaigns: a security admin clicks "Start review" on a stored access-review
 * report, and every IAM user and role in it goes to its owner to Keep, Revoke or say Not mine
 * before the deadline (`accessReview.campaign.deadlineDays`).
 *
 * Jobs consumed:
 *  - `task.access-review` on the `tasks` queue, data `{step: 'fanout', campaignId, offset}`:
 *    resolve owners and store the items (first step), post the status message, post one chunk
 *    of item messages and queue the next chunk; the last chunk opens the campaign, puts its
 *    reminder scheduler in place and queues the close at the deadline.
 *  - `task.access-review`, data `{step: 'close', campaignId, by}`: the delayed close at the
 *    deadline (a close already made by "Close now" makes it a no-op).
 *  - `schedule.access-review-reminder` on the `schedules` queue, one job scheduler per campaign
 *    (`access-review-reminders-<campaign id>`, every `reminderEveryHours`), data `{campaignId}`:
 *    one reminder per reviewer with pending items and slot; at the deadline, close.
 * Listeners: Start review, Keep / Revoke / Not mine and their modals, Close now.
 * Posts to Slack (through the outbox only): item messages (DM or team channel), the status
 * message, reminders, the summary and the evidence files (CSV and JSON).
 */

import { type Job, UnrecoverableError } from 'bullmq';
import { closeCampaign } from '../src/iam/review/campaign/close.js';
import type { CampaignDeps } from '../src/iam/review/campaign/deps.js';
import { campaignStepSchema, reminderJobSchema } from '../src/iam/review/campaign/jobs.js';
import { registerCampaignListeners } from '../src/iam/review/campaign/listeners.js';
import { REMINDER_SCHEDULER_PREFIX } from '../src/iam/review/campaign/model.js';
import { runReminders } from '../src/iam/review/campaign/reminders.js';
import { fanOutStep } from '../src/iam/review/campaign/start.js';
import type { AppContext } from '../src/platform/context.js';
import type { ListenerRegistrar } from '../src/platform/mounts.js';
import { JobName, QueueName } from '../src/platform/queue/names.js';
import type { Workflow } from '../src/platform/queue/processors.js';

export async function handleCampaignStep(
  job: Pick<Job, 'data' | 'attemptsMade'>,
  ctx: AppContext,
  deps: CampaignDeps,
) {
  const parsed = campaignStepSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError('invalid access-review campaign job');
  const step = parsed.data;
  if (step.step === 'fanout') return fanOutStep(ctx, deps, step.campaignId, step.offset);
  return closeCampaign(ctx, deps, step.campaignId, step.by, { repost: job.attemptsMade > 0 });
}

export function accessReviewWorkflow(deps: CampaignDeps): Workflow {
  return {
    name: 'access-review-campaign',
    runtimeSchedulerPrefixes: [REMINDER_SCHEDULER_PREFIX],
    processors: [
      {
        queue: QueueName.Tasks,
        job: JobName.AccessReview,
        handle: (job, ctx) => handleCampaignStep(job, ctx, deps),
      },
      {
        queue: QueueName.Schedules,
        job: JobName.AccessReviewReminder,
        async handle(job, ctx) {
          const parsed = reminderJobSchema.safeParse(job.data);
          if (!parsed.success) throw new UnrecoverableError('invalid access-review reminder job');
          return (await runReminders(ctx, deps, parsed.data.campaignId, ctx.now())).result;
        },
      },
    ],
  };
}

export function accessReviewListener(deps: CampaignDeps): ListenerRegistrar {
  return (app, ctx) => registerCampaignListeners(app, ctx, deps);
}
