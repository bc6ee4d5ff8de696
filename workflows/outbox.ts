/**
 * Slack outbox: every Slack write a worker makes, rate-limited per channel and idempotent.
 *
 * Jobs consumed (all on the `slack-outbox` queue): `slack.card.sync` (post an incident's card
 * once, then update it in place at most once per `cardUpdateIntervalMs`), `slack.message.post`,
 * `slack.ephemeral.post`, `slack.file.upload` and `slack.message.update`. Each takes a token from
 * the channel's budget first; a 429 moves the job back to delayed for Retry-After.
 * Posts to Slack: whatever the producers (src/slack/outbox/producer.ts) asked for.
 */
import { JobName, QueueName } from '../src/platform/queue/names.js';
import type { Workflow } from '../src/platform/queue/processors.js';
import type { CardRenderer } from '../src/slack/outbox/outbox.js';
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
}

/** The processors of the `slack-outbox` queue: cards, messages, ephemerals, files. */
export function outboxWorkflow(deps: OutboxWorkflowDeps): Workflow {
  const bucket = deps.bucket ?? SLACK_CHANNEL_BUCKET;
  const card = {
    renderCard: deps.renderCard,
    cardUpdateIntervalMs: deps.cardUpdateIntervalMs ?? 5_000,
    bucket,
  };
  return {
    name: 'slack-outbox',
    processors: [
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
