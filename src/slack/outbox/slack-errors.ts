import { ErrorCode as SlackErrorCode } from '@slack/web-api';

/**
 * How a failed Slack call is handled: rate limited (wait what Slack says and try again without
 * spending an attempt), permanent (the payload or target is wrong: fail for good), or transient
 * (5xx, network: BullMQ retries with backoff).
 */
const PERMANENT = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_blocks_too_long',
  'msg_too_long',
  'no_text',
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'missing_scope',
  'message_not_found',
  'cant_update_message',
  'user_not_in_channel',
  'invalid_arguments',
]);

export type SlackFailure =
  | { readonly kind: 'rate-limited'; readonly retryAfterMs: number }
  | { readonly kind: 'permanent'; readonly error: string }
  | { readonly kind: 'transient' };

export function classifySlackFailure(error: unknown): SlackFailure {
  const e = error as { code?: string; retryAfter?: number; data?: { error?: string } };
  if (e.code === SlackErrorCode.RateLimitedError)
    return { kind: 'rate-limited', retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000 };
  if (e.code === SlackErrorCode.PlatformError) {
    const slackError = e.data?.error ?? 'unknown';
    if (slackError === 'ratelimited') return { kind: 'rate-limited', retryAfterMs: 1000 };
    if (PERMANENT.has(slackError)) return { kind: 'permanent', error: slackError };
  }
  return { kind: 'transient' };
}

/** The Slack error code of a platform error, for `message_not_found` handling. */
export function slackErrorCode(error: unknown): string | undefined {
  return (error as { data?: { error?: string } }).data?.error;
}
