import { OWNER_USAGE, ownerTask, parseOwnerQuery } from '../src/ownership/query.js';
import { JobName } from '../src/platform/queue/names.js';
import { type CommandDefinition, callerOf } from '../src/slack/command.js';

/**
 * `/owner ARN | INSTANCE-ID | BUCKET | ROLE-OR-USER-NAME | ACCESS-KEY-ID | ACCOUNT-ID | TAG=VALUE`: parses the query
 * now (a malformed one gets its usage at once), then a task job resolves it — tag look-ups are
 * AWS calls and never happen before the ack.
 */
export const ownerCommand: CommandDefinition = {
  name: '/owner',
  usage: OWNER_USAGE,
  description:
    'Who owns a resource, and where that answer comes from (tags, owners registry, account default).',
  async handle(invocation, deps) {
    const query = parseOwnerQuery(invocation.text);
    await deps.queues.tasks.add(JobName.Command, ownerTask.job(query, callerOf(invocation)));
    return { text: `Looking up the owner of \`${query.text.replace(/[`<>&]/g, '')}\`…` };
  },
};
