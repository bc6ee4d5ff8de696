import type { KnownBlock } from '@slack/types';
import { cardChannelOf } from '../incidents/announce.js';
import type { AppContext } from '../platform/context.js';
import type { SlackMessage } from '../slack/blocks/types.js';
import type { RemediationDeps } from './deps.js';
import type { RequestRecord } from './request.js';

/**
 * Containment's messages in the incident's thread, all through the outbox: posted once per key
 * (a retried job never posts twice) and updated in place (the request when it is decided, the
 * result when it is undone). These replies are the incident's timeline of containment.
 */

export const threadKeys = {
  request: (r: Pick<RequestRecord, 'requestId'>) => `remediation.request.${r.requestId}`,
  result: (r: Pick<RequestRecord, 'requestId'>) => `remediation.result.${r.requestId}`,
  undo: (r: Pick<RequestRecord, 'requestId' | 'undoRound'>) =>
    `remediation.undo.${r.requestId}.${r.undoRound}`,
};

async function channelOf(
  ctx: AppContext,
  deps: Pick<RemediationDeps, 'engine' | 'routing'>,
  incidentId: string,
) {
  const incident = await deps.engine.get(incidentId);
  const channel = incident ? cardChannelOf(ctx, deps, incident).channel : undefined;
  if (!channel)
    ctx.logger.warn({ incidentId }, 'no channel for the incident: containment message not posted');
  return channel;
}

export async function postInThread(
  ctx: AppContext,
  deps: Pick<RemediationDeps, 'engine' | 'routing' | 'outbox'>,
  incidentId: string,
  idempotencyKey: string,
  message: SlackMessage,
): Promise<void> {
  const channel = await channelOf(ctx, deps, incidentId);
  if (!channel) return;
  await deps.outbox.postMessage({
    idempotencyKey,
    channel,
    threadOfIncident: incidentId,
    text: message.text,
    blocks: message.blocks as unknown as KnownBlock[],
  });
}

export async function updateInThread(
  ctx: AppContext,
  deps: Pick<RemediationDeps, 'engine' | 'routing' | 'outbox'>,
  incidentId: string,
  postedKey: string,
  message: SlackMessage,
): Promise<void> {
  const channel = await channelOf(ctx, deps, incidentId);
  if (!channel) return;
  await deps.outbox.updateMessage({
    postedKey,
    channel,
    text: message.text,
    blocks: message.blocks as unknown as KnownBlock[],
  });
}
