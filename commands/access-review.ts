import { ACCESS_REVIEW_USAGE, accessReviewTask, parseAccessReviewArgs } from '../src/iam/review/args.js';
import { newReportId } from '../src/iam/review/report-store.js';
import { JobName } from '../src/platform/queue/names.js';
import { type CommandDefinition, callerOf } from '../src/slack/command.js';

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
    const caller = { ...callerOf(invocation), requestId: newReportId(deps.now()) };
    await deps.queues.tasks.add(JobName.Command, accessReviewTask.job(args, caller));
    const what =
      args.scope === 'account' ? `account ${args.accountId}` : `${args.scope} in ${args.accountId}`;
    return {
      text: `Running an IAM access review of ${what}… ${
        args.private ? 'The report will be shown to you only.' : 'The report will be posted in this channel.'
      }`,
    };
  },
};
