import type { ResolvedOptions } from '../options.js';
import type { ResponseUrls } from '../response-urls.js';
import { messageJson, viewJson } from '../slack-json.js';
import type { SlackStore } from '../store/store.js';

export type BlockActionsTarget = { userId: string } & (
  | { channelId: string; messageTs: string }
  | { viewId: string }
);

export interface BlockActionsSource {
  /** The blocks the clicked element lives in. */
  blocks: unknown;
  /** container, channel, message / view and response_url, as Slack puts them in the payload. */
  where: Record<string, unknown>;
  responseUrl: string | undefined;
}

/**
 * Where a click happened: a stored message (public or ephemeral), or an open view. Throws when
 * the target does not exist, since a user cannot click what Slack never showed.
 */
export function blockActionsSource(
  deps: { options: ResolvedOptions; store: SlackStore; responseUrls: ResponseUrls },
  input: BlockActionsTarget,
): BlockActionsSource {
  const { options: o, store } = deps;
  if ('viewId' in input) {
    const view = store.views.get(input.viewId);
    if (!view?.open) throw new Error(`Slack stand-in: view ${input.viewId} is not open`);
    return {
      blocks: view.view.blocks,
      responseUrl: undefined,
      where: { container: { type: 'view', view_id: view.id }, view: viewJson(view, o) },
    };
  }
  const message = store.findMessage(input.channelId, input.messageTs);
  const ephemeral = message
    ? undefined
    : store.ephemeralsFor(input.userId, input.channelId).find((e) => e.ts === input.messageTs);
  if (!message && !ephemeral)
    throw new Error(`Slack stand-in: no message ${input.messageTs} in ${input.channelId}`);
  const responseUrl = deps.responseUrls.issue({
    channelId: input.channelId,
    userId: input.userId,
    messageTs: input.messageTs,
    ephemeral: !message,
  });
  const where = {
    container: {
      type: 'message',
      message_ts: input.messageTs,
      channel_id: input.channelId,
      is_ephemeral: !message,
    },
    channel: {
      id: input.channelId,
      name: store.directory.channels.get(input.channelId)?.name ?? input.channelId,
    },
    ...(message ? { message: messageJson(message, o) } : {}),
    response_url: responseUrl,
  };
  return { blocks: message?.blocks ?? ephemeral?.blocks, where, responseUrl };
}
