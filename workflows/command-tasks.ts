/**
 * Command tasks: the work slash commands start after their 3-second ack.
 *
 * Jobs consumed: `task.command` on the `tasks` queue, data: one of the typed tasks (`incidents`,
 * `access-review`, `digest`, `owner`) with the arguments the command already parsed, who asked,
 * and the command's response_url. Steps: validate the job against the union of the tasks'
 * schemas, run the task's feature function, answer through response_url (ephemeral). A task
 * whose input is wrong answers with the reason and is not retried; AWS throttling and Redis
 * hiccups are retried by BullMQ. A job queued by a version before typed tasks is answered with
 * a request to run the command again.
 * Posts to Slack: one ephemeral answer per task, through response_url.
 */
import type { KnownBlock } from '@slack/types';
import { type Job, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import type { ResourceTagsPort } from '../src/aws/tagging/port.js';
import { buildDigest } from '../src/digest/runtime/build.js';
import { digestPreviewMessage, sendDigest } from '../src/digest/runtime/send.js';
import { type DigestArgs, digestTask } from '../src/digest/task.js';
import { accessReviewTask } from '../src/iam/review/args.js';
import { reviewHistory } from '../src/iam/review/report-store.js';
import {
  type AccessReviewTaskDeps,
  runAccessReviewTask,
  type TaskAnswer,
} from '../src/iam/review/run-review.js';
import { type ActionOutcome, acknowledgeIncident, resolveIncident } from '../src/incidents/actions.js';
import type { IncidentDeps } from '../src/incidents/deps.js';
import type { Incident } from '../src/incidents/incident.js';
import { formatIncident, formatIncidentList } from '../src/incidents/listing.js';
import { type IncidentsArgs, incidentsTask } from '../src/incidents/task.js';
import { formatOwnerAnswer } from '../src/ownership/answer.js';
import { type OwnerQuery, ownerTask } from '../src/ownership/query.js';
import { emptyOwnersRegistry, type OwnersRegistry } from '../src/ownership/registry.js';
import { resolveOwner } from '../src/ownership/resolver.js';
import type { AppContext } from '../src/platform/context.js';
import { isPermanentError, PermissionError, toUserMessage } from '../src/platform/errors.js';
import { JobName, QueueName } from '../src/platform/queue/names.js';
import type { Workflow } from '../src/platform/queue/processors.js';
import { legacyTaskJobSchema, type TaskCaller } from '../src/platform/queue/task-job.js';
import { cardRef } from '../src/slack/outbox/index.js';
import { answerCommand, errorAnswer } from '../src/slack/respond.js';
import type { WeeklyDigestDeps } from './weekly-digest.js';

export interface CommandTaskDeps {
  /** The tag port for a look-up: the SDK one in production, the sample account's in the sandbox. */
  readonly tagsPortFor?: (ctx: AppContext, accountId?: string) => ResourceTagsPort | undefined;
  /** owners.yaml for `/owner`; none: tags and the account default answer alone. */
  readonly ownersRegistry?: () => Promise<OwnersRegistry>;
  /** The incident engine and its settings, for `/incidents`. */
  readonly incidents?: IncidentDeps;
  /** What `/digest` reads and where it posts. */
  readonly digest?: Pick<WeeklyDigestDeps, 'history' | 'outbox' | 'detectionIds' | 'posturePortFor'>;
  /** Where `/access-review` reads IAM and posts its report. */
  readonly accessReview?: AccessReviewTaskDeps;
}

/** Every task a command may queue; `task` picks the schema of its parsed arguments. */
export const taskJobSchema = z.discriminatedUnion('task', [
  incidentsTask.schema,
  accessReviewTask.schema,
  digestTask.schema,
  ownerTask.schema,
]);
export type TaskJob = z.infer<typeof taskJobSchema>;

function digestFor(caller: TaskCaller, ctx: AppContext, deps: CommandTaskDeps) {
  const digest = deps.digest;
  if (!digest) throw new UnrecoverableError('the digest is not wired in this process');
  const scope = ctx.config.digest.schedules.find((s) => s.channel === caller.channelId) ?? {
    timeZone: 'UTC',
  };
  return {
    outbox: digest.outbox,
    built: buildDigest({
      config: ctx.config,
      history: digest.history,
      now: ctx.now(),
      scope,
      detectionIds: digest.detectionIds,
      posturePortFor: (accountId) => digest.posturePortFor(ctx, accountId),
      accessReviews: (accounts) => reviewHistory(ctx.redis, ctx.config.redis.prefix, accounts),
    }),
  };
}

async function digestTaskRun(
  args: DigestArgs,
  caller: TaskCaller,
  ctx: AppContext,
  deps: CommandTaskDeps,
): Promise<string | TaskAnswer> {
  const { outbox, built: building } = digestFor(caller, ctx, deps);
  const built = await building;
  if (args.mode === 'preview') {
    const message = digestPreviewMessage(built);
    return { text: message.text, blocks: message.blocks as unknown as KnownBlock[], replaceOriginal: true };
  }
  await sendDigest({
    outbox,
    channel: caller.channelId,
    idempotencyKey: `digest-now.${caller.channelId}.${ctx.now().getTime()}`,
    digest: built,
    filename: 'watchkeeper-digest.png',
  });
  return 'The digest is on its way to this channel.';
}

async function permalink(ctx: AppContext, incident: Incident): Promise<string | undefined> {
  const ref = incident.card ?? (await cardRef(ctx.redis, ctx.config.redis.prefix, incident.id));
  if (!ref) return undefined;
  return (
    await ctx.slack.chat.getPermalink({ channel: ref.channel, message_ts: ref.ts }).catch(() => undefined)
  )?.permalink;
}

/** What the card's buttons answer on a refusal or a lost race, as the command's reply. */
function outcomeText(outcome: ActionOutcome, done: string): string {
  return outcome.ok ? done : toUserMessage(outcome.error);
}

/** `/incidents`: list, show, acknowledge or resolve, through the same actions as the card's buttons. */
async function incidentsTaskRun(
  args: IncidentsArgs,
  caller: TaskCaller,
  ctx: AppContext,
  deps: CommandTaskDeps,
): Promise<string> {
  const incidentDeps = deps.incidents;
  if (!incidentDeps) throw new UnrecoverableError('the incident engine is not wired in this process');
  const { engine } = incidentDeps;
  const now = ctx.now();
  if (args.kind === 'list') {
    const open = (await engine.listOpen()).filter(
      (i) => !args.mine || i.assignee === caller.userId || i.acknowledgedBy === caller.userId,
    );
    const links = new Map<string, string>();
    for (const incident of open.slice(0, 50)) {
      const link = await permalink(ctx, incident);
      if (link) links.set(incident.id, link);
    }
    return formatIncidentList(open, now, links);
  }
  if (args.kind === 'show') {
    const incident = await engine.require(args.id);
    return formatIncident(incident, now, await permalink(ctx, incident));
  }
  // The timeline shows a plain name (never a mention, never a raw id), as for a button click.
  const profile = await ctx.slack.users.info({ user: caller.userId }).catch(() => undefined);
  const actor = {
    userId: caller.userId,
    name: profile?.user?.real_name || profile?.user?.name || caller.userId,
  };
  if (args.kind === 'ack')
    return outcomeText(
      await acknowledgeIncident(ctx, incidentDeps, args.id, actor),
      `Acknowledged ${args.id}.`,
    );
  const resolution = { summary: args.summary, rootCause: 'other' };
  return outcomeText(
    await resolveIncident(ctx, incidentDeps, args.id, actor, resolution),
    `Resolved ${args.id}.`,
  );
}

async function ownerTaskRun(query: OwnerQuery, ctx: AppContext, deps: CommandTaskDeps): Promise<string> {
  const accountId =
    query.kind === 'arn' ? query.arn.accountId : query.kind === 'account' ? query.accountId : undefined;
  const tags = deps.tagsPortFor?.(ctx, accountId || undefined);
  const first = ctx.config.aws.accounts[0];
  const resolution = await resolveOwner(query, {
    registry: deps.ownersRegistry ? await deps.ownersRegistry() : emptyOwnersRegistry(),
    tagKeys: ctx.config.ownership.tagKeys,
    logger: ctx.logger,
    ...(tags ? { tags } : {}),
    context: {
      ...(first ? { accountId: first.id } : {}),
      ...(first?.regions[0] ? { region: first.regions[0] } : {}),
    },
  });
  return formatOwnerAnswer(resolution, { format: 'mrkdwn' });
}

/** The one place a task name meets its feature function; the switch makes every task handled. */
function runTask(task: TaskJob, ctx: AppContext, deps: CommandTaskDeps): Promise<string | TaskAnswer> {
  switch (task.task) {
    case 'incidents':
      return incidentsTaskRun(task.args, task, ctx, deps);
    case 'access-review':
      if (!deps.accessReview) throw new UnrecoverableError('access reviews are not wired in this process');
      return runAccessReviewTask(task.args, task, ctx, deps.accessReview);
    case 'digest':
      return digestTaskRun(task.args, task, ctx, deps);
    case 'owner':
      return ownerTaskRun(task.args, ctx, deps);
  }
}

/**
 * A task refused for a missing role goes to the audit log like a refused command or click:
 * `refused.<task>`, who asked, when, and the error's text (what was asked, the role it needs).
 * Refusals inside the incident actions (`/incidents … ack`) are answered as outcomes, audited
 * where they are decided, and never reach here. A failing audit write fails the job, which BullMQ
 * retries like any Redis hiccup: the refusal is answered once it is on record.
 */
async function auditRefusal(ctx: AppContext, task: TaskJob, error: PermissionError): Promise<void> {
  await ctx.audit.record({
    who: task.userId,
    action: `refused.${task.task}`,
    at: ctx.now(),
    detail: error.message,
  });
}

const RUN_AGAIN =
  'Watchkeeper was upgraded while this command waited in its queue, and it cannot finish it. Please run the command again.';

export function commandTasksWorkflow(deps: CommandTaskDeps = {}): Workflow {
  return {
    name: 'command-tasks',
    processors: [
      {
        queue: QueueName.Tasks,
        job: JobName.Command,
        async handle(job: Job, ctx: AppContext) {
          const parsed = taskJobSchema.safeParse(job.data);
          if (!parsed.success) {
            const legacy = legacyTaskJobSchema.safeParse(job.data);
            if (legacy.success) {
              ctx.logger.info(
                { command: legacy.data.command },
                'task queued by an older version: asked to rerun',
              );
              if (legacy.data.responseUrl) await answerCommand(legacy.data.responseUrl, { text: RUN_AGAIN });
              return { answered: Boolean(legacy.data.responseUrl), legacy: true };
            }
            throw new UnrecoverableError(`task job data is invalid: ${parsed.error.message}`);
          }
          const task = parsed.data;
          let answer: TaskAnswer;
          try {
            const result = await runTask(task, ctx, deps);
            answer = typeof result === 'string' ? { text: result } : result;
          } catch (error) {
            // Typed errors (bad input, missing permission) will not fix themselves: answer and stop.
            if (!isPermanentError(error)) throw error;
            // Expected (bad input, a missing role): one short line, not an error with a stack.
            ctx.logger.info(
              { task: task.task, code: error.code, reason: error.message },
              'command task refused',
            );
            if (error instanceof PermissionError) await auditRefusal(ctx, task, error);
            answer = { text: errorAnswer(error) };
          }
          // The answer replaces the command's "Looking up…" line: one private reply per command.
          if (task.responseUrl) await answerCommand(task.responseUrl, answer);
          return { answered: Boolean(task.responseUrl) };
        },
      },
    ],
  };
}
