import { ErrorCode as SlackErrorCode } from '@slack/web-api';

/**
 * How a failed Slack call is handled: rate limited (wait what Slack says and try again without
 * spending an attempt), unavailable (network errors, timeouts, 5xx: wait with capped backoff,
 * also without spending an attempt, however long the outage lasts), permanent (the payload or
 * target is wrong: fail for good), or anything else (BullMQ retries with backoff, 8 attempts).
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
  /** Slack could not be reached or answered 5xx: an outage, which is waited out, not retried away. */
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'transient' };

/** Slack's own "try again later" platform errors (it answers them with HTTP 200 or 5xx). */
const UNAVAILABLE = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

export function classifySlackFailure(error: unknown): SlackFailure {
  const e = error as {
    code?: string;
    retryAfter?: number;
    statusCode?: number;
    data?: { error?: string };
  };
  if (e.code === SlackErrorCode.RateLimitedError)
    return { kind: 'rate-limited', retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000 };
  if (e.code === SlackErrorCode.RequestError) return { kind: 'unavailable' };
  if (e.code === SlackErrorCode.HTTPError && (e.statusCode ?? 0) >= 500) return { kind: 'unavailable' };
  if (e.code === SlackErrorCode.PlatformError && UNAVAILABLE.has(e.data?.error ?? ''))
    return { kind: 'unavailable' };
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
