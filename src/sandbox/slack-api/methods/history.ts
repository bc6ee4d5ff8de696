import { messageJson } from '../slack-json.js';
import { type MethodSpec, requireChannel, requireMembership } from './context.js';
import { SlackApiError } from './errors.js';

/**
 * `conversations.history` as Slack answers it: a channel's top-level messages, newest first, at
 * most `limit` (1–999, default 100), optionally only those newer than `oldest`; message metadata
 * only with `include_all_metadata`. No cursor paging: the stand-in's channels stay small.
 */
const history: MethodSpec = {
  token: 'bot',
  handler: (args, ctx) => {
    const channel = requireChannel(args, ctx);
    requireMembership(channel);
    const limitText = args.string('limit');
    const limit = limitText === undefined ? 100 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 999) throw new SlackApiError('invalid_limit');
    const oldest = Number(args.string('oldest') ?? 0);
    const withMetadata = args.boolean('include_all_metadata');
    const newestFirst = ctx.store
      .messagesIn(channel.id)
      .filter((m) => Number(m.ts) > oldest)
      .reverse();
    const messages = newestFirst.slice(0, limit).map((m) => {
      const json = messageJson(m, ctx.options);
      if (!withMetadata) delete json.metadata;
      return json;
    });
    return { body: { messages, has_more: newestFirst.length > limit, pin_count: 0 } };
  },
};

export const HISTORY_METHODS: Record<string, MethodSpec> = { 'conversations.history': history };
