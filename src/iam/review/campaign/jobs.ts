import { z } from 'zod';
import type { AppContext } from '../../../platform/context.js';
import { JobName, jobId } from '../../../platform/queue/names.js';
import { reminderSchedulerId } from './model.js';

/**
 * The campaign's jobs. Steps run on the `tasks` queue as `task.access-review` (fan-out in chunks,
 * and the close at the deadline as a delayed job, so it survives restarts); reminders run on the
 * `schedules` queue from one job scheduler per campaign. Job ids are deterministic and `:`-free.
 */

export const campaignStepSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('fanout'), campaignId: z.string(), offset: z.number().int().min(0) }),
  z.object({ step: z.literal('close'), campaignId: z.string(), by: z.string() }),
]);
export type CampaignStep = z.infer<typeof campaignStepSchema>;

export const reminderJobSchema = z.object({ campaignId: z.string() });

export async function queueFanOut(ctx: AppContext, campaignId: string, offset: number): Promise<void> {
  const data: CampaignStep = { step: 'fanout', campaignId, offset };
  await ctx.queues.tasks.add(JobName.AccessReview, data, {
    jobId: jobId('access-review-campaign', campaignId, 'fanout', offset),
  });
}

/** The close at the deadline: a delayed job (queued again by a retried fan-out: same id, no-op). */
export async function queueDeadlineClose(ctx: AppContext, campaignId: string, deadline: Date): Promise<void> {
  const data: CampaignStep = { step: 'close', campaignId, by: 'watchkeeper' };
  await ctx.queues.tasks.add(JobName.AccessReview, data, {
    jobId: jobId('access-review-campaign', campaignId, 'deadline'),
    delay: Math.max(0, deadline.getTime() - ctx.now().getTime()),
  });
}

export async function upsertReminders(ctx: AppContext, campaignId: string): Promise<void> {
  const every = ctx.config.accessReview.campaign.reminderEveryHours * 3_600_000;
  await ctx.queues.schedules.upsertJobScheduler(
    reminderSchedulerId(campaignId),
    { every },
    { name: JobName.AccessReviewReminder, data: { campaignId } },
  );
}

export async function removeReminders(ctx: AppContext, campaignId: string): Promise<void> {
  await ctx.queues.schedules.removeJobScheduler(reminderSchedulerId(campaignId));
}
