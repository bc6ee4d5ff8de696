// Slack mrkdwn -> a tree of plain nodes (no DOM, no HTML strings). The page builds elements from
// the tree with textContent only, so message text can never become markup.

/** @typedef {import('./mrkdwn.d.ts').MrkdwnNode} MrkdwnNode */

/** Shortcodes the bot's messages use, and a few common ones; unknown codes stay as typed. */
export const EMOJI = {
  red_circle: '🔴',
  large_orange_circle: '🟠',
  large_yellow_circle: '🟡',
  large_green_circle: '🟢',
  large_blue_circle: '🔵',
  white_circle: '⚪',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  warning: '⚠️',
  rotating_light: '🚨',
  no_entry: '⛔',
  lock: '🔒',
  key: '🔑',
  shield: '🛡️',
  eyes: '👀',
  bell: '🔔',
  hourglass: '⏳',
  alarm_clock: '⏰',
  zzz: '💤',
  mag: '🔍',
  memo: '📝',
  page_facing_up: '📄',
  bar_chart: '📊',
  chart_with_upwards_trend: '📈',
  chart_with_downwards_trend: '📉',
  calendar: '📅',
  link: '🔗',
  bust_in_silhouette: '👤',
  busts_in_silhouette: '👥',
  information_source: 'ℹ️',
  fire: '🔥',
  tada: '🎉',
  wave: '👋',
  arrow_up: '⬆️',
  arrow_down: '⬇️',
};

/** Slack escapes only these three in message text. */
export function decodeEntities(/** @type {string} */ text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Replaces known :shortcodes: with their emoji. */
export function emojify(/** @type {string} */ text) {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, code) =>
    Object.hasOwn(EMOJI, code) ? EMOJI[/** @type {keyof typeof EMOJI} */ (code)] : whole,
  );
}

/** Only these schemes become links; anything else (javascript:, data:) stays text. */
export function safeHref(/** @type {string} */ url) {
  return /^(https?:\/\/|mailto:)/i.test(url) ? url : undefined;
}

/**
 * One `<...>` control sequence: a link, a user / channel / user-group mention, a special mention
 * or a date with its fallback text.
 * @param {string} inner
 * @returns {MrkdwnNode}
 */
function control(inner) {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : decodeEntities(inner.slice(bar + 1));
  if (target.startsWith('@')) return { t: 'user', id: target.slice(1), label };
  if (target.startsWith('#')) return { t: 'channel', id: target.slice(1), label };
  if (target.startsWith('!subteam^')) return { t: 'group', id: target.slice('!subteam^'.length), label };
  if (target.startsWith('!date^')) return { t: 'text', v: label ?? target };
  if (target.startsWith('!')) return { t: 'special', name: target.slice(1), label };
  const href = safeHref(decodeEntities(target));
  if (href) return { t: 'link', href, label: label ?? href };
  return { t: 'text', v: decodeEntities(label ?? target) };
}

const MARKS = /** @type {const} */ ({ '*': 'bold', _: 'italic', '~': 'strike' });
const WORD = /[\p{L}\p{N}]/u;
/**
 * Slack has no backslash escape; a zero-width space (U+200B) right beside a formatting character
 * (`*`, `_`, `~`, backtick) takes away its word boundary, so the character is shown as typed and
 * neither opens nor closes anything. This is how the bot writes data (src/slack/blocks/text.ts).
 */
const GUARD = '\u200B';

/** @param {string} s @param {number} i */
function guarded(s, i) {
  return s[i - 1] === GUARD || s[i + 1] === GUARD;
}

/**
 * Finds the closing mark for an emphasis opened at `open`, Slack-style: no space just inside
 * either mark, no line break inside, no letter or digit right outside, no guard on either side.
 * @param {string} s @param {number} open @param {string} mark
 */
function closingMark(s, open, mark) {
  if (guarded(s, open)) return -1;
  if (open > 0 && WORD.test(s[open - 1] ?? '')) return -1;
  if (/\s/.test(s[open + 1] ?? ' ')) return -1;
  for (let j = open + 2; j < s.length; j += 1) {
    const c = s[j];
    if (c === '\n') return -1;
    if (c === mark && !guarded(s, j) && !/\s/.test(s[j - 1] ?? ' ') && !WORD.test(s[j + 1] ?? '')) return j;
  }
  return -1;
}

/**
 * The backtick that closes a code span opened at `open` (guarded backticks are text), or -1.
 * @param {string} s @param {number} open
 */
function closingBacktick(s, open) {
  if (guarded(s, open)) return -1;
  for (let j = open + 1; j < s.length; j += 1) {
    if (s[j] === '\n') return -1;
    if (s[j] === '`' && !guarded(s, j)) return j > open + 1 ? j : -1;
  }
  return -1;
}

/**
 * Inline formatting of one run of text (no ``` blocks inside).
 * @param {string} s
 * @returns {MrkdwnNode[]}
 */
export function parseInline(s) {
  /** @type {MrkdwnNode[]} */
  const out = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ t: 'text', v: emojify(decodeEntities(text)) });
    text = '';
  };
  for (let i = 0; i < s.length; i += 1) {
    const c = s[i] ?? '';
    if (c === '\n') {
      flush();
      out.push({ t: 'br' });
      continue;
    }
    if (c === '`') {
      const end = closingBacktick(s, i);
      if (end > 0) {
        flush();
        out.push({ t: 'code', v: decodeEntities(s.slice(i + 1, end)) });
        i = end;
        continue;
      }
    }
    if (c === '<') {
      const end = s.indexOf('>', i + 1);
      if (end > i + 1) {
        flush();
        out.push(control(s.slice(i + 1, end)));
        i = end;
        continue;
      }
    }
    if (c === '*' || c === '_' || c === '~') {
      const end = closingMark(s, i, c);
      if (end > 0) {
        flush();
        out.push({ t: MARKS[c], c: parseInline(s.slice(i + 1, end)) });
        i = end;
        continue;
      }
    }
    text += c;
  }
  flush();
  return out;
}

/**
 * Lines starting with `>` (sent as `&gt;`) are quotes; the rest is inline text.
 * @param {string} s
 * @returns {MrkdwnNode[]}
 */
function parseLines(s) {
  /** @type {MrkdwnNode[]} */
  const out = [];
  const lines = s.split('\n');
  let plain = [];
  let quote = [];
  const flushPlain = () => {
    if (plain.length) out.push(...parseInline(plain.join('\n')));
    plain = [];
  };
  const flushQuote = () => {
    if (quote.length) out.push({ t: 'quote', c: parseInline(quote.join('\n')) });
    quote = [];
  };
  for (const line of lines) {
    const quoted = /^(&gt;|>) ?/.exec(line);
    if (quoted) {
      flushPlain();
      quote.push(line.slice(quoted[0].length));
    } else {
      flushQuote();
      plain.push(line);
    }
  }
  flushPlain();
  flushQuote();
  return out;
}

/**
 * The whole of a mrkdwn text: ``` blocks first (nothing is formatted inside them), then quotes
 * and inline formatting.
 * @param {string} source
 * @returns {MrkdwnNode[]}
 */
export function parseMrkdwn(source) {
  /** @type {MrkdwnNode[]} */
  const out = [];
  const fence = /```([\s\S]*?)```/g;
  let last = 0;
  for (const match of source.matchAll(fence)) {
    const index = match.index ?? 0;
    if (index > last) out.push(...parseLines(source.slice(last, index)));
    out.push({ t: 'pre', v: decodeEntities((match[1] ?? '').replace(/^\n/, '')) });
    last = index + match[0].length;
  }
  if (last < source.length) out.push(...parseLines(source.slice(last)));
  return out;
}

/**
 * What a reader sees of parsed mrkdwn, as one string: text, code, link labels and mentions, with
 * line breaks as `\n` and the invisible guards removed. For tests that check a value survives.
 * @param {MrkdwnNode[]} nodes
 * @returns {string}
 */
export function visibleText(nodes) {
  return nodes
    .map((n) => {
      switch (n.t) {
        case 'text':
        case 'code':
        case 'pre':
          return n.v;
        case 'br':
          return '\n';
        case 'link':
          return n.label;
        case 'user':
          return `@${n.label ?? n.id}`;
        case 'channel':
          return `#${n.label ?? n.id}`;
        case 'group':
          return n.label ?? `@${n.id}`;
        case 'special':
          return n.label ?? `@${n.name}`;
        case 'quote':
          return `${visibleText(n.c)}\n`;
        default:
          return visibleText(n.c);
      }
    })
    .join('')
    .replaceAll(GUARD, '');
}
