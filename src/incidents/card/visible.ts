/**
 * About how many characters Slack shows for a piece of mrkdwn: links show their label, dates
 * their formatted text, mentions a name, entities one character, and markup characters nothing.
 * The card uses it to stay within its visible-text budget; it errs on the long side.
 */

/** A date as `{date_short_pretty} {time}` renders ("Yesterday at 08:00", "Jun 1, 2025 at 08:00"). */
const DATE_WIDTH = 20;
/** A user mention renders as a display name. */
const MENTION_WIDTH = 14;

export function visibleLength(markup: string): number {
  return markup
    .replace(/<!date\^[^>]*>/g, 'x'.repeat(DATE_WIDTH))
    .replace(/<[@#][^>]*>/g, 'x'.repeat(MENTION_WIDTH))
    .replace(/<![^>]*>/g, 'x'.repeat(MENTION_WIDTH))
    .replace(/<[^|>]*\|([^>]*)>/g, '$1')
    .replace(/&(amp|lt|gt);/g, 'x')
    .replace(/[*_~`]/g, '')
    .replace(/[\u{1F000}-\u{1FFFF}\u2600-\u27BF]\uFE0F?/gu, 'xx').length;
}
