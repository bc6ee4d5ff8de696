// A channel's timeline: messages (with their threads), ephemerals and shared files, oldest first.
import { renderAttachments, renderBlocks } from './blocks.js';
import { h } from './dom.js';
import { mrkdwn } from './text.js';

/**
 * @typedef {import('./app.js').UiState} UiState
 * @typedef {import('./app.js').UiMessage} UiMessage
 * @typedef {import('./elements.js').RenderContext} RenderContext
 * @typedef {{
 *   state: UiState,
 *   context: Omit<RenderContext, 'act'>,
 *   act(target: { channelId: string, messageTs: string }, choice: import('./elements.js').Choice, confirm?: unknown): void,
 *   openThreads: Set<string>,
 *   toggleThread(ts: string): void,
 *   dismissed: Set<string>,
 *   dismiss(ts: string): void,
 *   reuse?: NodeReuse,
 * }} TimelineContext
 * @typedef {{ previous: Map<string, Node[]>, next: Map<string, Node[]>, viewer: string | undefined }} NodeReuse
 */

/**
 * A message whose content, thread and viewer are unchanged keeps its DOM nodes across renders,
 * as in Slack: a half-made choice (a ticked box, a picked option) is not wiped out because some
 * other message arrived, and nothing is clicked twice.
 * @param {TimelineContext} t @param {unknown} identity @param {() => Node[]} build
 */
function reused(t, identity, build) {
  if (!t.reuse) return build();
  const key = JSON.stringify([t.reuse.viewer, Object.keys(t.state.files).length, identity]);
  const nodes = t.reuse.previous.get(key) ?? build();
  t.reuse.next.set(key, nodes);
  return nodes;
}

/** "1700000000.000100" -> "14:05" in the viewer's time zone. @param {string} ts */
function timeOf(ts) {
  return new Date(Number(ts.split('.')[0]) * 1000).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** @param {string} name */
function avatar(name, isBot = false) {
  const initials = name
    .split(/[\s._-]+/)
    .map((p) => p[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return h(
    'div',
    { className: `avatar${isBot ? ' avatar-bot' : ''}`, attrs: { 'aria-hidden': 'true' } },
    initials || '?',
  );
}

/** @param {string[]} fileIds @param {UiState} state */
function filesOf(fileIds, state) {
  return fileIds.map((id) => {
    const file = state.files[id];
    if (!file) return h('div', { className: 'file missing' }, `[file ${id} is still uploading]`);
    if (file.isImage) {
      return h(
        'figure',
        { className: 'file file-image', data: { fileId: id } },
        h('figcaption', {}, file.title),
        h(
          'a',
          { attrs: { href: file.url, target: '_blank', rel: 'noopener' } },
          h('img', { attrs: { src: file.url, alt: file.altText ?? file.title } }),
        ),
      );
    }
    return h(
      'a',
      { className: 'file file-link', attrs: { href: file.url, download: file.name }, data: { fileId: id } },
      `📄 ${file.title}`,
    );
  });
}

/**
 * @param {{ ts: string, user?: string, isBot?: boolean, text: string, blocks?: unknown[], attachments?: unknown[], files?: string[], edited?: boolean }} m
 * @param {string} channelId
 * @param {TimelineContext} t
 * @param {{ ephemeral?: boolean }} [flags]
 */
export function messageNode(m, channelId, t, flags = {}) {
  const { state } = t;
  const isBot = flags.ephemeral || m.isBot || m.user === state.bot.id;
  const name = isBot ? state.bot.name : t.context.names.userName(m.user ?? '');
  /** @type {RenderContext} */
  const ctx = {
    ...t.context,
    act: (choice, confirm) => t.act({ channelId, messageTs: m.ts }, choice, confirm),
  };
  const hasBlocks = Array.isArray(m.blocks) && m.blocks.length > 0;
  return h(
    'article',
    { className: `message${flags.ephemeral ? ' ephemeral' : ''}`, data: { ts: m.ts, channel: channelId } },
    avatar(name, isBot),
    h(
      'div',
      { className: 'message-main' },
      h(
        'div',
        { className: 'message-meta' },
        h('span', { className: 'message-author' }, name),
        isBot ? h('span', { className: 'badge' }, 'APP') : null,
        h('time', { className: 'message-time', attrs: { datetime: m.ts } }, timeOf(m.ts)),
        m.edited ? h('span', { className: 'edited' }, '(edited)') : null,
      ),
      flags.ephemeral ? h('div', { className: 'ephemeral-note' }, '👁 Only visible to you') : null,
      hasBlocks
        ? renderBlocks(m.blocks, ctx)
        : m.text
          ? h('div', { className: 'message-text' }, mrkdwn(m.text, t.context.names))
          : null,
      renderAttachments(m.attachments, ctx),
      filesOf(m.files ?? [], state),
      flags.ephemeral
        ? h(
            'button',
            { className: 'link-button', attrs: { type: 'button' }, on: { click: () => t.dismiss(m.ts) } },
            'Dismiss',
          )
        : null,
    ),
  );
}

/**
 * The timeline of one channel. Replies live under their parent, opened with "N replies".
 * @param {UiState['channels'][number]} channel @param {TimelineContext} t
 */
export function timeline(channel, t) {
  /** @type {Array<{ ts: string, node: () => Node[] }>} */
  const items = [];
  for (const m of channel.messages) {
    items.push({
      ts: m.ts,
      node: () => {
        const replies = channel.threads[m.ts] ?? [];
        const open = t.openThreads.has(m.ts);
        return reused(t, [m, open, replies], () => {
          const nodes = [messageNode(m, channel.id, t)];
          if (replies.length) {
            nodes.push(
              h(
                'button',
                {
                  className: 'thread-toggle link-button',
                  attrs: { type: 'button' },
                  data: { thread: m.ts },
                  on: { click: () => t.toggleThread(m.ts) },
                },
                open ? 'Hide replies' : `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`,
              ),
            );
          }
          if (open)
            nodes.push(
              h(
                'div',
                { className: 'thread', data: { thread: m.ts } },
                replies.map((r) => messageNode(r, channel.id, t)),
              ),
            );
          return nodes;
        });
      },
    });
  }
  for (const e of t.state.ephemerals) {
    if (e.channel !== channel.id || t.dismissed.has(e.ts)) continue;
    items.push({
      ts: e.ts,
      node: () => reused(t, ['ephemeral', e], () => [messageNode(e, channel.id, t, { ephemeral: true })]),
    });
  }
  items.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  const intro = h(
    'div',
    { className: 'channel-intro' },
    h(
      'strong',
      {},
      channel.isIm ? 'Your direct messages with the app' : `This is the beginning of #${channel.name}`,
    ),
    h('div', {}, 'Everything in this workspace is sample data, made up for the Watchkeeper sandbox.'),
  );
  return [intro, ...items.flatMap((i) => i.node())];
}
