import type { KnownBlock } from '@slack/types';
import { SlackError } from '../platform/errors.js';
import { maskSlackArguments } from './web-client.js';

/**
 * Answers a slash command after its ack, through the command's `response_url` (Slack accepts up
 * to five answers within 30 minutes). Used by task jobs that finish after the 3-second window.
 * The answer is masked like every Web API call (maskSlackArguments): a `/incidents` list shows
 * titles with `AKIA…WXYZ`, never a full key id or token.
 */
export async function respondTo(
  responseUrl: string,
  message: { text: string; blocks?: KnownBlock[]; inChannel?: boolean; replaceOriginal?: boolean },
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
