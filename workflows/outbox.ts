/**
 * Slack outbox: every Slack write a worker makes, rate-limited per channel and idempotent.
 *
 * Jobs consumed (all on the `slack-outbox` queue): `slack.card.sync` (post an incident's card
 * once, then update it in place at most once per `cardUpdateIntervalMs`), `slack.message.post`,
 * `slack.ephemeral.post`, `slack.file.upload` and `slack.message.update`. Each takes a token from
 * the channel's budget first; a 429 moves the job back to delayed for Retry-After.
 * Also `schedule.reconcile-cards` on the `schedules` queue, every `reconcileEveryMs`: every open
 * incident whose card has no stored message (its card jobs were lost or given up on) gets its
 * card sync requested again.
 * Posts to Slack: whatever the producers (src/slack/outbox/producer.ts) asked for.
 */
import type { AppContext } from '../src/platform/context.js';
import { JobName, jobId, QueueName } from '../src/platform/queue/names.js';
import type { Workflow } from '../src/platform/queue/processors.js';
import { createOutbox } from '../src/slack/outbox/index.js';
import { outboxKeys } from '../src/slack/outbox/keys.js';
import type { CardRenderer, CardSyncRequest } from '../src/slack/outbox/outbox.js';
import { processCardJob } from '../src/slack/outbox/process-card.js';
import {
  processEphemeralJob,
  processFileJob,
  processMessageJob,
} from '../src/slack/outbox/process-message.js';
import { processMessageUpdateJob } from '../src/slack/outbox/process-update.js';
import { type BucketOptions, SLACK_CHANNEL_BUCKET } from '../src/slack/outbox/token-bucket.js';

export interface OutboxWorkflowDeps {
  /** Draws an incident's card at its current state (it reads the runtime's incident engine). */
  readonly renderCard: CardRenderer;
  /** At most one chat.update per card in this time. @defaultValue 5000 */
  readonly cardUpdateIntervalMs?: number;
  /** Per-channel posting budget. @defaultValue 3 tokens, 1 per second */
  readonly bucket?: BucketOptions;
  /** The card every open incident should have; none: no reconciling. */
  readonly openCards?: (ctx: AppContext) => Promise<readonly CardSyncRequest[]>;
  /** How often cards are reconciled. @defaultValue 300000 (5 minutes) */
  readonly reconcileEveryMs?: number;
}

/** Requests the card of every open incident that has no posted message; returns how many. */
export async function reconcileCards(ctx: AppContext, wanted: readonly CardSyncRequest[]): Promise<number> {
  const keys = outboxKeys(ctx.config.redis.prefix);
  const outbox = createOutbox({ queues: ctx.queues, redis: ctx.redis, prefix: ctx.config.redis.prefix });
  let requested = 0;
  for (const card of wanted) {
    if (await ctx.redis.hexists(keys.card(card.incidentId), 'ts')) continue;
    await outbox.requestCardSync(card);
    requested++;
  }
  if (requested > 0)
    ctx.logger.warn({ requested }, 'open incidents without a card: card syncs requested again');
  return requested;
}

/** The processors of the `slack-outbox` queue: cards, messages, ephemerals, files. */
export function outboxWorkflow(deps: OutboxWorkflowDeps): Workflow {
  const bucket = deps.bucket ?? SLACK_CHANNEL_BUCKET;
  const card = {
    renderCard: deps.renderCard,
    cardUpdateIntervalMs: deps.cardUpdateIntervalMs ?? 5_000,
    bucket,
  };
  const { openCards } = deps;
  return {
    name: 'slack-outbox',
    ...(openCards
      ? {
          schedulers: () => [
            {
              queue: QueueName.Schedules,
              id: jobId('reconcile-cards'),
              repeat: { every: deps.reconcileEveryMs ?? 300_000 },
              job: JobName.SlackReconcileCards,
              data: {},
            },
          ],
        }
      : {}),
    processors: [
      ...(openCards
        ? [
            {
              queue: QueueName.Schedules,
              job: JobName.SlackReconcileCards,
              handle: async (_job: unknown, ctx: AppContext) => reconcileCards(ctx, await openCards(ctx)),
            },
          ]
        : []),
      {
        queue: QueueName.SlackOutbox,
        job: JobName.SlackPostCard,
        handle: (job, ctx, token) => processCardJob(job, ctx, token, card),
      },
      {
        queue: QueueName.SlackOutbox,
        job: JobName.SlackPostMessage,
        handle: (job, ctx, token) => processMessageJob(job, ctx, token, bucket),
      },
      {
        queue: QueueName.SlackOutbox,
        job: JobName.SlackPostEphemeral,
        handle: (job, ctx, token) => processEphemeralJob(job, ctx, token),
      },
      {
        queue: QueueName.SlackOutbox,
        job: JobName.SlackUploadFile,
        handle: (job, ctx, token) => processFileJob(job, ctx, token, bucket),
      },
      {
        queue: QueueName.SlackOutbox,
        job: JobName.SlackUpdateMessage,
        handle: (job, ctx, token) => processMessageUpdateJob(job, ctx, token, bucket),
      },
    ],
  };
}
