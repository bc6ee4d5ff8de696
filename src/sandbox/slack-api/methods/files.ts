import { fileJson } from '../slack-json.js';
import type { StoredFile } from '../store/types.js';
import { resolveThreadRoot } from './chat.js';
import { type MethodSpec, requireChannel, requireMembership } from './context.js';
import { SlackApiError } from './errors.js';
import { checkMessageBlocks } from './message-content.js';

function invalid(field: string, reason: string): SlackApiError {
  return new SlackApiError('invalid_arguments', { messages: [`[ERROR] ${reason} [json-pointer:/${field}]`] });
}

/** Step 1 of the upload flow: a file id and a URL on the stand-in to POST the bytes to. */
const getUploadUrl: MethodSpec = {
  token: 'bot',
  handler: (args, ctx) => {
    const filename = args.string('filename');
    if (filename === undefined) throw invalid('filename', 'missing required field: filename');
    const length = Number(args.string('length'));
    if (!Number.isInteger(length) || length < 1) throw invalid('length', 'must be a positive integer');
    const file: StoredFile = {
      id: ctx.ids.slackId('F'),
      name: filename,
      title: filename,
      declaredLength: length,
      altText: args.string('alt_text'),
      bytes: undefined,
      completed: false,
      channels: [],
      created: ctx.store.nowSeconds(),
    };
    ctx.store.files.set(file.id, file);
    return { body: { upload_url: `${ctx.baseUrl()}/upload/v1/${file.id}`, file_id: file.id } };
  },
};

function readFileList(raw: unknown): Array<{ id: string; title?: string }> {
  if (!Array.isArray(raw) || raw.length === 0) throw invalid('files', 'must provide at least 1 item');
  return raw.map((entry, i) => {
    const e = entry as { id?: unknown; title?: unknown } | null;
    if (typeof e?.id !== 'string') throw invalid(`files/${i}`, 'missing required field: id');
    return { id: e.id, ...(typeof e.title === 'string' ? { title: e.title } : {}) };
  });
}

/**
 * Step 3: finishes uploads and, with channel_id, shares them in one message: `initial_comment`
 * as its text, or else `blocks` (the file shows under them).
 */
const completeUpload: MethodSpec = {
  token: 'bot',
  handler: (args, ctx) => {
    const list = readFileList(args.json('files', 'invalid_arguments'));
    const files = list.map(({ id, title }) => {
      const file = ctx.store.files.get(id);
      // A file id whose bytes never arrived, or that was already completed, does not exist for Slack.
      if (!file || file.bytes === undefined || file.completed) throw new SlackApiError('file_not_found');
      return { file, title };
    });
    // Slack documents that `blocks` are ignored when `initial_comment` is given: so does this.
    const blocks =
      args.has('blocks') && !args.has('initial_comment')
        ? checkMessageBlocks(args.json('blocks', 'invalid_blocks_format'))
        : undefined;
    const channel =
      args.has('channel_id') || args.has('channels')
        ? requireChannel(args, ctx, args.has('channel_id') ? 'channel_id' : 'channels')
        : undefined;
    if (channel) requireMembership(channel);
    const threadTs = channel ? resolveThreadRoot(ctx, channel, args.string('thread_ts')) : undefined;
    for (const { file, title } of files) {
      file.completed = true;
      if (title !== undefined) file.title = title;
      if (channel) file.channels.push(channel.id);
    }
    const message = channel
      ? ctx.store.addMessage({
          channel: channel.id,
          text: args.string('initial_comment') ?? '',
          blocks,
          threadTs,
          files: files.map(({ file }) => file.id),
        })
      : undefined;
    for (const { file } of files) ctx.store.emit('file_shared', file, message);
    return { body: { files: files.map(({ file }) => fileJson(file, ctx.options, ctx.baseUrl())) } };
  },
};

export const FILE_METHODS: Record<string, MethodSpec> = {
  'files.getUploadURLExternal': getUploadUrl,
  'files.completeUploadExternal': completeUpload,
};
