import { ACCESS_REVIEW_USAGE, parseAccessReviewArgs } from '../src/iam/review/args.js';
import { newReportId } from '../src/iam/review/report-store.js';
import { JobName } from '../src/platform/queue/names.js';
import type { TaskJob } from '../src/platform/queue/task-job.js';
import type { CommandDefinition } from '../src/slack/command.js';

/**
 * `/access-review [account-id|alias] [user:NAME|role:NAME] [private]`: an IAM access review of one
 * account. The ack says it is running; a task job collects the inventory (AWS calls that take
 * seconds to minutes), shows progress, and posts the report to the channel — or only to the
 * caller with `private`.
 */
export const accessReviewCommand: CommandDefinition = {
  name: '/access-review',
  usage: ACCESS_REVIEW_USAGE,
  description:
    'IAM access review of an account (or one user or role): root, users, keys, admin and escalation paths, roles, password policy.',
  async handle(invocation, deps) {
    const args = parseAccessReviewArgs(invocation.text, deps.config);
    await deps.roles.requireRole(invocation.userId, 'responder', 'run access reviews');
    const task: TaskJob = {
      command: 'access-review',
      text: invocation.text,
      userId: invocation.userId,
      channelId: invocation.channelId,
      requestId: newReportId(deps.now()),
      ...(invocation.responseUrl ? { responseUrl: invocation.responseUrl } : {}),
    };
    await deps.queues.tasks.add(JobName.Command, task);
    const what =
      args.scope === 'account' ? `account ${args.accountId}` : `${args.scope} in ${args.accountId}`;
    return {
      text: `Running an IAM access review of ${what}… ${
        args.private ? 'The report will be shown to you only.' : 'The report will be posted in this channel.'
      }`,
    };
  },
};
