/**
 * Command tasks: the work slash commands start after their 3-second ack.
 *
 * Jobs consumed: `task.command` on the `tasks` queue, data `TaskJob` (command, text, user,
 * channel, response_url). Steps: parse the job, run the command's task, answer through the
 * command's response_url (ephemeral). A task whose input is wrong answers with the reason and
 * is not retried; AWS throttling and Redis hiccups are retried by BullMQ.
 * Posts to Slack: one ephemeral answer per task, through response_url.
 */
import type { KnownBlock } from '@slack/types';
import { type Job, UnrecoverableError } from 'bullmq';
import type { ResourceTagsPort } from '../src/aws/tagging/port.js';
import { buildDigestBlocks } from '../src/digest/message.js';
import { renderDigestText } from '../src/digest/preview.js';
import { buildDigest } from '../src/digest/runtime/build.js';
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
import { sdkPosturePortFor, type WeeklyDigestDeps } from './weekly-digest.js';

export interface CommandTaskDeps {
  /** The tag port for a look-up; the sandbox passes its sample account's. */
  readonly tagsPortFor?: (ctx: AppContext, accountId?: string) => ResourceTagsPort | undefined;
  /** What `/digest` reads and where it posts. */
  readonly digest?: Pick<WeeklyDigestDeps, 'history' | 'outbox' | 'detectionIds' | 'posturePortFor'>;
}

type TaskHandler = (task: TaskJob, ctx: AppContext, deps: CommandTaskDeps) => Promise<string>;

function digestFor(task: TaskJob, ctx: AppContext, deps: CommandTaskDeps) {
  const digest = deps.digest;
  if (!digest) throw new UnrecoverableError('the digest is not wired in this process');
  const now = ctx.now();
  const posturePortFor = digest.posturePortFor ?? sdkPosturePortFor;
  const scope = ctx.config.digest.schedules.find((s) => s.channel === task.channelId) ?? { timeZone: 'UTC' };
  return buildDigest({
    config: ctx.config,
    history: digest.history(ctx),
    now,
    scope,
    detectionIds: digest.detectionIds,
    posturePortFor: (accountId) => posturePortFor(ctx, accountId),
  });
}

const HANDLERS: Readonly<Record<string, TaskHandler>> = {
  async 'digest-preview'(task, ctx, deps) {
    const built = await digestFor(task, ctx, deps);
    return renderDigestText(built.figures, built.scorecard, built.options);
  },
  async 'digest-post'(task, ctx, deps) {
    const built = await digestFor(task, ctx, deps);
    const outbox = (deps.digest as NonNullable<CommandTaskDeps['digest']>).outbox(ctx);
    const message = buildDigestBlocks(built.figures, built.scorecard, built.options);
    const key = `digest-now.${task.channelId}.${ctx.now().getTime()}`;
    await outbox.postMessage({
      idempotencyKey: key,
      channel: task.channelId,
      text: message.text,
      blocks: message.blocks as unknown as KnownBlock[],
    });
    if (built.chart)
      await outbox.uploadFile({
        idempotencyKey: `${key}.chart`,
        channel: task.channelId,
        filename: 'watchkeeper-digest.png',
        title: 'Incidents per day and MTTA per week',
        content: built.chart,
      });
    return 'The digest is on its way to this channel.';
  },
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
