/**
 * Command tasks: the work slash commands start after their 3-second ack.
 *
 * Jobs consumed: `task.command` on the `tasks` queue, data `TaskJob` (command, text, user,
 * channel, response_url). Steps: parse the job, run the command's task, answer through the
 * command's response_url (ephemeral). A task whose input is wrong answers with the reason and
 * is not retried; AWS throttling and Redis hiccups are retried by BullMQ.
 * Posts to Slack: one ephemeral answer per task, through response_url.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import type { ResourceTagsPort } from '../src/aws/tagging/port.js';
import { isPermanentError, toUserMessage } from '../src/errors.js';
import { formatOwnerAnswer } from '../src/ownership/answer.js';
import { parseOwnerQuery } from '../src/ownership/query.js';
import { resolveOwner } from '../src/ownership/resolver.js';
import { ownersRegistryFor, sdkTagsPortFor } from '../src/ownership/runtime.js';
import { JobName, QueueName } from '../src/queue/names.js';
import type { Workflow } from '../src/queue/processors.js';
import type { AppContext } from '../src/runtime/context.js';
import { respondTo } from '../src/slack/respond.js';
import { type TaskJob, taskJobSchema } from '../src/tasks/task-job.js';

export interface CommandTaskDeps {
  /** The tag port for a look-up; the sandbox passes its sample account's. */
  readonly tagsPortFor?: (ctx: AppContext, accountId?: string) => ResourceTagsPort | undefined;
}

type TaskHandler = (task: TaskJob, ctx: AppContext, deps: CommandTaskDeps) => Promise<string>;

const HANDLERS: Readonly<Record<string, TaskHandler>> = {
  async owner(task, ctx, deps) {
    const query = parseOwnerQuery(task.text);
    const accountId =
      query.kind === 'arn' ? query.arn.accountId : query.kind === 'account' ? query.accountId : undefined;
    const tags = (deps.tagsPortFor ?? ((c, a) => sdkTagsPortFor(c.config, c.logger, a)))(
      ctx,
      accountId || undefined,
    );
    const first = ctx.config.aws.accounts[0];
    const resolution = await resolveOwner(query, {
      registry: await ownersRegistryFor(ctx.config),
      tagKeys: ctx.config.ownership.tagKeys,
      logger: ctx.logger,
      ...(tags ? { tags } : {}),
      context: {
        ...(first ? { accountId: first.id } : {}),
        ...(first?.regions[0] ? { region: first.regions[0] } : {}),
      },
    });
    return formatOwnerAnswer(resolution, { format: 'mrkdwn' });
  },
};

export function commandTasksWorkflow(deps: CommandTaskDeps = {}): Workflow {
  return {
    name: 'command-tasks',
    processors: [
      {
        queue: QueueName.Tasks,
        job: JobName.Command,
        async handle(job: Job, ctx: AppContext) {
          const parsed = taskJobSchema.safeParse(job.data);
          if (!parsed.success)
            throw new UnrecoverableError(`task job data is invalid: ${parsed.error.message}`);
          const task = parsed.data;
          const handler = HANDLERS[task.command];
          if (!handler) throw new UnrecoverableError(`no task handler for command "${task.command}"`);
          let text: string;
          try {
            text = await handler(task, ctx, deps);
          } catch (error) {
            // Typed errors (bad input, missing permission) will not fix themselves: answer and stop.
            if (!isPermanentError(error)) throw error;
            ctx.logger.warn({ err: error, command: task.command }, 'command task refused');
            text = toUserMessage(error);
          }
          if (task.responseUrl) await respondTo(task.responseUrl, { text });
          return { answered: Boolean(task.responseUrl) };
        },
      },
    ],
  };
}
