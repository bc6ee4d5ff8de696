import { maskAccessKeysInText } from '../../platform/log/mask.js';
import { isSlackUserId } from '../../slack/blocks/elements.js';
import { cleanLine, mrkdwnCode, safeMrkdwn, safeMrkdwnLine, truncate } from '../../slack/blocks/text.js';

/** Shared formatting for cards, modals and posts. Everything untrusted comes out escaped. */

export { SEVERITY_EMOJI, SEVERITY_NAME, severityBadge } from '../../platform/severity.js';

export function severityScore(score: number): string {
  return Number.isFinite(score) ? score.toFixed(1) : '?';
}

/** Untrusted prose (titles, descriptions): access keys masked, then cleaned and escaped. */
export function prose(text: string): string {
  return safeMrkdwn(maskAccessKeysInText(text));
}

/** Untrusted single-line value, cut before escaping so entities are never split. */
export function value(text: string | undefined, max = 200, fallback = '—'): string {
  if (text === undefined || text.trim() === '') return fallback;
  return safeMrkdwnLine(truncate(cleanLine(maskAccessKeysInText(text)), max));
}

/**
 * A date Slack shows in the reader's time zone, with the ISO text as fallback; a value that is not
 * a date (AWS samples redact them to `XXXX-XX-XXTXX:XX:XXZ`) is shown as it is.
 */
export function slackDate(iso: string | undefined): string {
  if (iso === undefined || iso.trim() === '') return '—';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return value(iso, 40);
  // What a client that cannot format dates shows (and the sandbox page): short, to the minute.
  const fallback = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

/** A user on a card: a Slack user id renders as a mention (a name in Slack), anything else as text. */
export function cardUser(user: string | undefined): string {
  if (user === undefined || user.trim() === '') return 'someone';
  return isSlackUserId(user) ? `<@${user}>` : value(user, 80);
}

const SLACK_SEQUENCE = /<[@!#][^>]*>/g;
const BROADCAST_WORD = /@(here|channel|everyone)\b/gi;

/**
 * A name as plain text that can never notify anyone: `<@U…>`, `<!here>`, `<#C…>` sequences are
 * removed and broadcast words are broken with a zero-width space (for posts that must not ping).
 */
export function plainName(name: string | undefined, max = 80): string {
  if (name === undefined) return 'someone';
  const stripped = cleanLine(name).replace(SLACK_SEQUENCE, '').replace(BROADCAST_WORD, '@\u200B$1').trim();
  return stripped === '' ? 'someone' : safeMrkdwnLine(truncate(stripped, max));
}

/** Free text in a post that must not ping: sequences stripped, broadcast words broken, escaped. */
export function quietText(text: string, max: number): string {
  const stripped = cleanLine(maskAccessKeysInText(text))
    .replace(SLACK_SEQUENCE, '')
    .replace(BROADCAST_WORD, '@\u200B$1');
  return safeMrkdwnLine(truncate(stripped, max));
}

/** An identifier (ARN, path, command line, API, IP) as a code span: `*` and `_` stay literal. */
export function code(text: string | undefined, max = 200, fallback = '—'): string {
  if (text === undefined || text.trim() === '') return fallback;
  return mrkdwnCode(truncate(cleanLine(maskAccessKeysInText(text)), max));
}
