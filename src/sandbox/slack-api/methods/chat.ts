import { messageJson, permalink } from '../slack-json.js';
import type { StoredChannel, StoredMessage } from '../store/types.js';
import type { ArgReader } from './arg-reader.js';
import { type MethodContext, type MethodSpec, requireChannel, requireMembership } from './context.js';
import { SlackApiError } from './errors.js';
import { readMessageContent } from './message-content.js';

const TS_PATTERN = /^\d{1,12}\.\d{1,6}$/;

/** A reply goes under the thread's root, even when thread_ts names another reply. */
export function resolveThreadRoot(
  ctx: MethodContext,
  channel: StoredChannel,
  threadTs: string | undefined,
): string | undefined {
  if (threadTs === undefined) return undefined;
  if (!TS_PATTERN.test(threadTs)) throw new SlackApiError('invalid_thread_ts');
  const parent = ctx.store.findMessage(channel.id, threadTs);
  if (!parent) throw new SlackApiError('thread_not_found');
  return parent.threadTs ?? parent.ts;
}

function requireBotMessage(
  args: ArgReader,
  ctx: MethodContext,
  tsName: string,
  forbidden: string,
): StoredMessage {
  const channel = requireChannel(args, ctx);
  const ts = args.require(tsName, 'message_not_found');
  const message = ctx.store.findMessage(channel.id, ts);
  if (!message) throw new SlackApiError('message_not_found');
  if (message.botId !== ctx.options.botId) throw new SlackApiError(forbidden);
  return message;
}

const postMessage: MethodSpec = {
  token: 'bot',
  handler: (args, ctx) => {
    const channel = requireChannel(args, ctx);
    requireMembership(channel);
    const content = readMessageContent(args, true);
    const metadata = args.json('metadata', 'invalid_metadata_format');
    const threadTs = resolveThreadRoot(ctx, channel, args.string('thread_ts'));
    const message = ctx.store.addMessage({
      channel: channel.id,
      text: content.text ?? '',
      blocks: content.blocks,
      attachments: content.attachments,
      threadTs,
      replyBroadcast: threadTs !== undefined && args.boolean('reply_broadcast'),
      metadata: metadata as Record<string, unknown> | undefined,
    });
    return {
      body: { channel: channel.id, ts: message.ts, message: messageJson(message, ctx.options) },
      warnings: content.warnings,
    };
  },
};

const update: MethodSpec = {
  token: 'bot',
  handler: (args, ctx) => {
    const message = requireBotMessage(args, ctx, 'ts', 'cant_update_message');
    const content = readMessageContent(args, true);
    ctx.store.updateMessage(message, {
      text: content.text ?? (content.blocks ? '' : message.text),
      blocks: content.blocks ?? message.blocks,
      ...(content.attachments ? { attachments: content.attachments } : {}),
    });
    return {
      body: {
        channel: message.channel,
        ts: message.ts,
        text: message.text,
        message: messageJson(message, ctx.options),
      },
      warnings: content.warnings,
    };
  },
};

const deleteMessage: MethodSpec = {
  token: 'bot',
  handler: (args, ctx) => {
    const message = requireBotMessage(args, ctx, 'ts', 'cant_delete_message');
    ctx.store.deleteMessage(message);
    return { body: { channel: message.channel, ts: message.ts } };
  },
};

const postEphemeral: MethodSpec = {
  token: 'bot',
  handler: (args, ctx) => {
    const channel = requireChannel(args, ctx);
    const user = args.require('user', 'user_not_found');
    if (!ctx.store.directory.users.has(user)) throw new SlackApiError('user_not_found');
    requireMembership(channel);
    if (!channel.members.has(user)) throw new SlackApiError('user_not_in_channel');
    const content = readMessageContent(args, true);
    const threadTs = resolveThreadRoot(ctx, channel, args.string('thread_ts'));
    const ephemeral = ctx.store.addEphemeral({
      channel: channel.id,
      user,
      text: content.text ?? '',
      blocks: content.blocks,
      threadTs,
      source: 'api',
    });
    return { body: { message_ts: ephemeral.ts }, warnings: content.warnings };
  },
};

const getPermalink: MethodSpec = {
  token: 'bot',
  handler: (args, ctx) => {
    const channel = requireChannel(args, ctx);
    const message = ctx.store.findMessage(channel.id, args.require('message_ts', 'message_not_found'));
    if (!message) throw new SlackApiError('message_not_found');
    return { body: { channel: channel.id, permalink: permalink(ctx.options, message) } };
  },
};

export const CHAT_METHODS: Record<string, MethodSpec> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.delete': deleteMessage,
  'chat.postEphemeral': postEphemeral,
  'chat.getPermalink': getPermalink,
};
