/**
 * Text safety for Block Kit: every value that came from outside (AWS payloads, user input,
 * runbook files) passes through here before it reaches a block. Lengths are UTF-16 code units
 * (what Slack's validator counts). Every cut lands on a code point boundary and never inside an
 * `&amp;`-style entity, and a mrkdwn cut never inside a `<...>` link/mention, so a cut text still
 * renders: Slack shows half an entity (`&am`) literally, and a lone surrogate as a broken glyph.
 */

export const ELLIPSIS = '…';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** C0/C1 controls except tab and newline, plus bidi embedding/override/isolate controls (spoofing). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being removed
const UNSAFE_CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const LINE_BREAKS = /[\t\n\r\u2028\u2029]+/g;

/** Replaces lone surrogates with U+FFFD and drops control characters that can hide or reorder text. */
export function cleanText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(UNSAFE_CONTROLS, '');
}

/** {@link cleanText} and every line break or tab folded into one space: for fields, titles, one-liners. */
export function cleanLine(text: string): string {
  return cleanText(text).replace(LINE_BREAKS, ' ');
}

/**
 * Slack's mrkdwn has no backslash escape. A formatting character (`*`, `_`, `~`) only opens or
 * closes bold/italic/strike at a word boundary, and a zero-width space (U+200B) beside it breaks
 * that boundary, so the character shows as typed; the same guard keeps a backtick from opening
 * a code span. The guard is invisible but is copied with the text, so identifiers (ARNs, policy
 * actions, commands, paths) go in code spans ({@link mrkdwnCode}) where nothing needs guarding.
 */
export const MARK_GUARD = '\u200B';

const EMPHASIS_MARKS = new Set(['*', '_', '~']);
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

function isLetterOrDigit(ch: string | undefined): boolean {
  return ch !== undefined && LETTER_OR_DIGIT.test(ch);
}

/**
 * Guards every formatting character that could act as markup. A `*`, `_` or `~` between two
 * letters or digits (`deploy_bot`, `2*3`) can neither open nor close emphasis, so it stays bare
 * and the value stays searchable; at a value's edge the neighbour is unknown, so it is guarded.
 */
export function guardMarks(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    const emphasis = EMPHASIS_MARKS.has(ch);
    const inWord = emphasis && isLetterOrDigit(text[i - 1]) && isLetterOrDigit(text[i + 1]);
    out += ch === '`' || (emphasis && !inWord) ? `${MARK_GUARD}${ch}${MARK_GUARD}` : ch;
  }
  return out;
}

/** `& < >` as Slack's entities: the only escaping Slack itself defines. */
export function escapeEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The one escaping function for data in mrkdwn: `& < >` become entities, and `*`, `_`, `~`,
 * backtick and a line-opening `>` are guarded ({@link guardMarks}), so the value shows as it is.
 */
export function escapeMrkdwn(text: string): string {
  // A `>` starting a line would make the line a quote and vanish: a guard before it keeps it text.
  return guardMarks(escapeEntities(text)).replace(/(^|\n)&gt;/g, `$1${MARK_GUARD}&gt;`);
}

/** Untrusted value -> mrkdwn-safe text: cleaned and escaped. */
export function safeMrkdwn(text: string): string {
  return escapeMrkdwn(cleanText(text));
}

/** Untrusted value -> mrkdwn-safe single line. */
export function safeMrkdwnLine(text: string): string {
  return escapeMrkdwn(cleanLine(text));
}

/**
 * An identifier (ARN, policy action, path, command, IP) as an inline code span, where `*`, `_`
 * and `~` stay literal without guards (so a copied value is exact). A span cannot hold a
 * backtick, so a value with one is shown as escaped text instead, still exact on screen.
 * Cut the value before calling: a cut code span would lose its closing backtick.
 */
export function mrkdwnCode(value: string): string {
  const line = cleanLine(value);
  if (line.trim() === '' || line.includes('`')) return escapeMrkdwn(line);
  return `\`${escapeEntities(line)}\``;
}

/**
 * Text for inside a ``` block (commands): nothing is formatted there, so only entities are
 * escaped, and a run of three backticks (which would end the block) is broken by a guard.
 */
export function escapeCodeBlock(text: string): string {
  return escapeEntities(cleanText(text)).replace(/``(?=`)/g, `\`\`${MARK_GUARD}`);
}

/** A guarded mark as written by {@link guardMarks}: a cut never separates it from its guards. */
function guardBoundary(text: string, cut: number): number {
  if (text[cut] === MARK_GUARD && text[cut - 2] === MARK_GUARD) return cut - 2;
  if (text[cut - 1] === MARK_GUARD && text[cut + 1] === MARK_GUARD && text[cut] !== MARK_GUARD)
    return cut - 1;
  return cut;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The largest end <= `end` that does not split a surrogate pair. */
function codePointBoundary(text: string, end: number): number {
  if (end > 0 && end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) return end - 1;
  return end;
}

/**
 * A whole character reference at the start of a string: the named ones {@link escapeMrkdwn} writes
 * and numeric ones, so a wider escaper stays covered. Only real entities move a cut; a bare `&` in
 * plain text (`AT&T`) does not.
 */
const ENTITY = /^&(?:[A-Za-z][A-Za-z\d]*|#\d+|#[xX][\dA-Fa-f]+);/;
/** The longest entity looked for (`&#x10FFFF;`): a cut further than this past the last `&` is outside any. */
const ENTITY_MAX = 10;

/** Moves a cut back to the `&` of an entity it would split; entities hold no `&`, so only the last counts. */
function entityBoundary(text: string, cut: number): number {
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp === -1 || cut - amp >= ENTITY_MAX) return cut;
  const entity = ENTITY.exec(text.slice(amp, amp + ENTITY_MAX));
  return entity && amp + entity[0].length > cut ? amp : cut;
}

/** The largest end <= `end` that splits neither a surrogate pair nor an entity. */
function textBoundary(text: string, end: number): number {
  return guardBoundary(text, entityBoundary(text, codePointBoundary(text, end)));
}

/** Cuts to at most `max` units without an ellipsis (for ids and values, which are data, not prose). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return text.slice(0, textBoundary(text, Math.max(0, max)));
}

/** Cuts text to at most `max` units, ending with `…` when anything was cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < ELLIPSIS.length) return '';
  return `${text.slice(0, textBoundary(text, max - ELLIPSIS.length))}${ELLIPSIS}`;
}

/** Moves a cut back so it does not land inside an `&...;` entity or a `<...>` sequence. */
function markupBoundary(markup: string, end: number): number {
  let cut = codePointBoundary(markup, end);
  const lastOpen = markup.lastIndexOf('<', cut - 1);
  if (lastOpen !== -1) {
    const close = markup.indexOf('>', lastOpen);
    if (close === -1 || close >= cut) cut = lastOpen;
  }
  return guardBoundary(markup, entityBoundary(markup, cut));
}

const FENCE = '```';

function countFences(text: string): number {
  return text.split(FENCE).length - 1;
}

/**
 * Cuts mrkdwn to at most `max` units with `…`, never inside an entity or `<...>` sequence, and
 * closes a code block the cut left open so the rest of the message is not swallowed by it.
 */
export function truncateMrkdwn(markup: string, max: number): string {
  if (markup.length <= max) return markup;
  if (max < ELLIPSIS.length) return '';
  let head = markup.slice(0, markupBoundary(markup, max - ELLIPSIS.length));
  if (countFences(head) % 2 === 1) {
    head = head.slice(0, markupBoundary(head, Math.max(0, max - ELLIPSIS.length - FENCE.length)));
    if (countFences(head) % 2 === 1) return `${head}${ELLIPSIS}${FENCE}`;
  }
  return `${head}${ELLIPSIS}`;
}

/** Text that must never be empty (Slack rejects empty text objects): falls back to an em dash. */
export function nonEmpty(text: string, fallback = '—'): string {
  return text.trim().length > 0 ? text : fallback;
}

/** "1 bucket", "3 buckets": counts read as words, never "bucket(s)". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
