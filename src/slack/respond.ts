import type { KnownBlock } from '@slack/types';
import { SlackError, toUserMessage, UsageError } from '../platform/errors.js';
import { maskSlackArguments } from './web-client.js';

export interface ResponseMessage {
  readonly text: string;
  readonly blocks?: KnownBlock[];
  readonly inChannel?: boolean;
  /** Replace the message the response_url belongs to instead of adding one. @defaultValue false */
  readonly replaceOriginal?: boolean;
}

/**
 * Answers through a `response_url` (Slack accepts up to five answers within 30 minutes). The
 * answer is masked like every Web API call (maskSlackArguments): a `/incidents` list shows
 * titles with `AKIA…WXYZ`, never a full key id or token. Adds a message unless told to replace:
 * a button's response_url belongs to the card it sits on, which an error must never overwrite.
 */
export async function respondTo(
  responseUrl: string,
  message: ResponseMessage,
  fetchFn: typeof fetch = fetch,
): Promise<void> {
  const response = await fetchFn(responseUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      maskSlackArguments({
        response_type: message.inChannel ? 'in_channel' : 'ephemeral',
        replace_original: message.replaceOriginal ?? false,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
      }),
    ),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new SlackError('response_url', `http_${response.status}`);
}

/**
 * A slash command's answer, after its ack: it replaces the ack's private "Looking up…" line in
 * place (`replace_original` on the command's response_url), so each command leaves one private
 * reply that becomes the answer, not a "working on it" line followed by a second message.
 */
export function answerCommand(
  responseUrl: string,
  answer: Omit<ResponseMessage, 'replaceOriginal' | 'inChannel'>,
  fetchFn: typeof fetch = fetch,
): Promise<void> {
  return respondTo(responseUrl, { ...answer, replaceOriginal: true }, fetchFn);
}

/**
 * An error as Slack text that shows exactly what it says: `&`, `<` and `>` are escaped (an
 * unescaped `<arn | …>` would be read as a link and swallowed), and a usage line is a code span.
 * For acks and response_url answers alike.
 */
export function errorAnswer(error: unknown): string {
  if (error instanceof UsageError)
    return `${escapeControl(error.message)}\nUsage: \`${escapeControl(error.usage)}\``;
  return escapeControl(toUserMessage(error));
}

/** Slack's three control characters; mrkdwn emphasis (`*role*`) keeps its meaning. */
function escapeControl(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
