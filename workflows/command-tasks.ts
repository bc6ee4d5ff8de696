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
import { parseIncidentsArgs } from '../commands/incidents.js';
import type { ResourceTagsPort } from '../src/aws/tagging/port.js';
import { buildDigestBlocks } from '../src/digest/message.js';
import { renderDigestText } from '../src/digest/preview.js';
import { buildDigest } from '../src/digest/runtime/build.js';
import { reviewHistory } from '../src/iam/review/report-store.js';
import {
  type AccessReviewTaskDeps,
  runAccessReviewTask,
  type TaskAnswer,
} from '../src/iam/review/run-review.js';
import { announceChange } from '../src/incidents/announce.js';
import { auditLogFor, type IncidentDeps, incidentEngineFor } from '../src/incidents/deps.js';
import type { Incident } from '../src/incidents/incident.js';
import { formatIncident, formatIncidentList } from '../src/incidents/listing.js';
import { cancelEscalation, cancelSnoozeExpiry } from '../src/incidents/timers.js';
import * as t from '../src/incidents/transitions.js';
import { formatOwnerAnswer } from '../src/ownership/answer.js';
import { parseOwnerQuery } from '../src/ownership/query.js';
import { resolveOwner } from '../src/ownership/resolver.js';
import { ownersRegistryFor, sdkTagsPortFor } from '../src/ownership/runtime.js';
import type { AppContext } from '../src/platform/context.js';
import { isPermanentError, toUserMessage } from '../src/platform/errors.js';
import { JobName, QueueName } from '../src/platform/queue/names.js';
import type { Workflow } from '../src/platform/queue/processors.js';
import { type TaskJob, taskJobSchema } from '../src/platform/queue/task-job.js';
import { createRoleChecker } from '../src/platform/roles.js';
import { cardRef } from '../src/slack/outbox/index.js';
import { respondTo } from '../src/slack/respond.js';
import { sdkPosturePortFor, type WeeklyDigestDeps } from './weekly-digest.js';

export interface CommandTaskDeps {
  /** The tag port for a look-up; the sandbox passes its sample account's. */
  readonly tagsPortFor?: (ctx: AppContext, accountId?: string) => ResourceTagsPort | undefined;
  /** The incident engine and its settings, for `/incidents`. */
  readonly incidents?: IncidentDeps;
  /** What `/digest` reads and where it posts. */
  readonly digest?: Pick<WeeklyDigestDeps, 'history' | 'outbox' | 'detectionIds' | 'posturePortFor'>;
  /** Where `/access-review` reads IAM and posts its report. */
  readonly accessReview?: AccessReviewTaskDeps;
}

type TaskHandler = (task: TaskJob, ctx: AppContext, deps: CommandTaskDeps) => Promise<string | TaskAnswer>;

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
    accessReviews: (accounts) => reviewHistory(ctx.redis, ctx.config.redis.prefix, accounts),
  });
}

async function permalink(ctx: AppContext, incident: Incident): Promise<string | undefined> {
  if (!incident.card) {
    const ref = await cardRef(ctx.redis, ctx.config.redis.prefix, incident.id);
    if (!ref) return undefined;
    return (
      await ctx.slack.chat.getPermalink({ channel: ref.channel, message_ts: ref.ts }).catch(() => undefined)
    )?.permalink;
  }
  return (
    await ctx.slack.chat
      .getPermalink({ channel: incident.card.channel, message_ts: incident.card.ts })
      .catch(() => undefined)
  )?.permalink;
}

/** `/incidents`: list, show, acknowledge or resolve, with the buttons' role checks and effects. */
async function incidentsTask(task: TaskJob, ctx: AppContext, deps: CommandTaskDeps): Promise<string> {
  const incidentDeps = deps.incidents;
  if (!incidentDeps) throw new UnrecoverableError('the incident engine is not wired in this process');
  const args = parseIncidentsArgs(task.text);
  const engine = incidentEngineFor(ctx, incidentDeps);
  const now = ctx.now();
  if (args.kind === 'list') {
    const open = (await engine.listOpen()).filter(
      (i) => !args.mine || i.assignee === task.userId || i.acknowledgedBy === task.userId,
    );
    const shown = open.slice(0, 50);
    const links = new Map<string, string>();
    for (const incident of shown) {
      const link = await permalink(ctx, incident);
      if (link) links.set(incident.id, link);
    }
    return formatIncidentList(open, now, links);
  }
  if (args.kind === 'show') {
    const incident = await engine.require(args.id);
    return formatIncident(incident, now, await permalink(ctx, incident));
  }
  const roles = createRoleChecker({
    roles: ctx.config.roles,
    slack: ctx.slack,
    now: ctx.now,
    logger: ctx.logger,
  });
  const verb = args.kind === 'ack' ? 'acknowledge' : 'resolve';
  await roles.requireRole(task.userId, 'responder', `${verb} incidents`);
  const actor = { userId: task.userId, at: now };
  const change =
    args.kind === 'ack'
      ? t.acknowledge(actor)
      : t.resolve(actor, { summary: args.summary, rootCause: 'other' });
  const result = await engine.transition(args.id, change, now);
  await announceChange(ctx, incidentDeps, incidentDeps.outbox(ctx), auditLogFor(ctx), {
    ...result,
    who: task.userId,
    actorName: task.userId,
    action: verb,
    timeline:
      args.kind === 'ack'
        ? { kind: 'acknowledged' }
        : { kind: 'resolved', rootCause: 'other', summary: args.summary },
  });
  await cancelEscalation(ctx.queues.timers, result.before);
  await cancelSnoozeExpiry(ctx.queues.timers, args.id);
  return args.kind === 'ack' ? `Acknowledged ${args.id}.` : `Resolved ${args.id}.`;
}

const HANDLERS: Readonly<Record<string, TaskHandler>> = {
  incidents: incidentsTask,
  'access-review'(task, ctx, deps) {
    if (!deps.accessReview) throw new UnrecoverableError('access reviews are not wired in this process');
    return runAccessReviewTask(task, ctx, deps.accessReview);
  },
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
          let answer: TaskAnswer;
          try {
            const result = await handler(task, ctx, deps);
            answer = typeof result === 'string' ? { text: result } : result;
          } catch (error) {
            // Typed errors (bad input, missing permission) will not fix themselves: answer and stop.
            if (!isPermanentError(error)) throw error;
            ctx.logger.warn({ err: error, command: task.command }, 'command task refused');
            answer = { text: toUserMessage(error) };
          }
          if (task.responseUrl) await respondTo(task.responseUrl, answer);
          return { answered: Boolean(task.responseUrl) };
        },
      },
    ],
  };
}
