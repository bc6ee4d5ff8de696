/**
 * Every queue name and job name, in one place. BullMQ job ids built from these must not
 * contain `:` (see `jobId()`), and queue names may be wrapped by the configured prefix.
 */

export const QueueName = {
  /** Normalized alerts waiting for the incident engine. */
  Alerts: 'alerts',
  /** Every Slack write made by a worker. */
  SlackOutbox: 'slack-outbox',
  /** Work a slash command or button started after its ack (access reviews, digests on demand). */
  Tasks: 'tasks',
  /** Timers: escalations, snooze expiry. */
  Timers: 'timers',
  /** Recurring jobs driven by job schedulers: GuardDuty sync, log watch, digest, reminders. */
  Schedules: 'schedules',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];
export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);

export const JobName = {
  Alert: 'alert.process',
  /** Several alerts of one intake call, applied in order (src/alerts/intake/alert-batches.ts). */
  AlertBatch: 'alert.batch',
  SlackPostCard: 'slack.card.sync',
  SlackPostMessage: 'slack.message.post',
  SlackPostEphemeral: 'slack.ephemeral.post',
  SlackUploadFile: 'slack.file.upload',
  SlackUpdateMessage: 'slack.message.update',
  SlackReconcileCards: 'schedule.reconcile-cards',
  Command: 'task.command',
  AccessReview: 'task.access-review',
  Remediation: 'task.remediation',
  Escalate: 'timer.escalate',
  SnoozeExpire: 'timer.snooze-expire',
  GuardDutySync: 'schedule.guardduty-sync',
  SecurityHubSync: 'schedule.securityhub-sync',
  LogWatch: 'schedule.log-watch',
  WeeklyDigest: 'schedule.weekly-digest',
  AccessReviewReminder: 'schedule.access-review-reminder',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/** The tasks a slash command hands to a worker (`task.command` jobs); see task-job.ts. */
export const TaskName = {
  Incidents: 'incidents',
  AccessReview: 'access-review',
  Digest: 'digest',
  Owner: 'owner',
} as const;
export type TaskName = (typeof TaskName)[keyof typeof TaskName];

/**
 * Builds a BullMQ custom job id from parts. BullMQ rejects `:` in custom ids and treats an
 * all-digit id as an integer, so parts are joined with `.` and any `:` becomes `_`.
 */
export function jobId(...parts: ReadonlyArray<string | number>): string {
  const id = parts.map((p) => String(p).replace(/:/g, '_')).join('.');
  return /^\d+$/.test(id) ? `j${id}` : id;
}
