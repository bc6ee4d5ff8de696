import type { KnownBlock } from '@slack/types';
import type { Outbox, OutboxFile } from '../../slack/outbox/outbox.js';
import { buildDigestBlocks, type DigestMessage } from '../message.js';
import type { BuiltDigest } from './build.js';

/**
 * Sends a built digest to a channel as ONE message: with a chart, the PNG is uploaded with the
 * digest's blocks (files.completeUploadExternal `blocks`, no `initial_comment`, which would make
 * Slack drop them), so Slack shows the blocks with the chart under them. An `image` block cannot
 * do this: it needs a public URL, or a `slack_file` that Slack may still be processing when the
 * message is posted (`invalid_blocks`). Without a chart the message carries its figures as text.
 */

/** An outbox file that carries the message's blocks (see the outbox's `uploadFile`). */
export type DigestFile = OutboxFile & { readonly blocks?: KnownBlock[] };

export interface SendDigestInput {
  readonly outbox: Pick<Outbox, 'postMessage'> & { uploadFile(file: DigestFile): Promise<void> };
  readonly channel: string;
  /** One key per channel and digest: a retried job never posts it twice. */
  readonly idempotencyKey: string;
  readonly digest: BuiltDigest;
  /** The PNG's name, e.g. `watchkeeper-digest-2026-W48.png`. */
  readonly filename: string;
}

export const CHART_TITLE = 'Incidents per day and MTTA per week, last 4 weeks';

export async function sendDigest(input: SendDigestInput): Promise<DigestMessage> {
  const { digest } = input;
  const message = buildDigestBlocks(digest.figures, digest.scorecard, {
    ...digest.options,
    chart: digest.chart ? 'attached' : 'unavailable',
  });
  const blocks = message.blocks as unknown as KnownBlock[];
  if (digest.chart) {
    await input.outbox.uploadFile({
      idempotencyKey: input.idempotencyKey,
      channel: input.channel,
      filename: input.filename,
      title: CHART_TITLE,
      content: digest.chart,
      blocks,
    });
  } else {
    await input.outbox.postMessage({
      idempotencyKey: input.idempotencyKey,
      channel: input.channel,
      text: message.text,
      blocks,
    });
  }
  return message;
}

/** `/digest preview`: the same blocks, privately; a reply cannot carry a file, so one line says so. */
export function digestPreviewMessage(digest: BuiltDigest): DigestMessage {
  return buildDigestBlocks(digest.figures, digest.scorecard, {
    ...digest.options,
    chart: digest.chart ? 'preview' : 'unavailable',
  });
}
