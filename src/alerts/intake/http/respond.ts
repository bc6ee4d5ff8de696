import type { Response } from 'express';
import { RedisUnavailableError } from '../../../platform/errors.js';
import type { AcceptOutcome } from '../accept.js';

/**
 * Intake answers: 202 only once every alert is in Redis; 400 when an input was rejected (it is
 * dead-lettered, so retrying cannot help); 503 only when Redis is unreachable or cannot take
 * writes right now, so AWS retries later; 500 for anything else (a bug: the log has it, and
 * telling AWS that Redis is down would send operators to the wrong place).
 */
export function respondWithOutcome(res: Response, outcome: AcceptOutcome): void {
  const status = outcome.rejected.length > 0 ? 400 : 202;
  res.status(status).json({
    accepted: outcome.accepted,
    ignored: outcome.ignored,
    rejected: outcome.rejected,
  });
}

/** 503 when `error` says Redis is unavailable, otherwise 500; never says more than that. */
export function respondToFailure(res: Response, error: unknown): void {
  if (isRedisUnavailable(error)) {
    respondUnavailable(res, error);
    return;
  }
  res.status(500).json({
    error: 'internal_error',
    message: 'Watchkeeper failed while storing the input; the error is in its log',
  });
}

export function respondUnavailable(res: Response, error: unknown): void {
  const wrapped = new RedisUnavailableError(error);
  res
    .status(503)
    .setHeader('retry-after', '5')
    .json({ error: 'unavailable', message: `${wrapped.message}; nothing was stored, retry later` });
}

export function respondBadRequest(res: Response, message: string, reason = 'bad_request'): void {
  res.status(400).json({ error: reason, message });
}

/** Socket errors of a connection that is down or cannot be made. */
const CONNECTION_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * What ioredis raises (as plain Errors) when a producer connection, which fails fast
 * (src/platform/redis.ts), cannot send a command: offline, closed, timed out, out of retries.
 */
const CONNECTION_MESSAGES: readonly RegExp[] = [
  /enableOfflineQueue/,
  /^Connection is closed/,
  /^Command timed out/,
  /max retries per request/i,
];

/** Redis replies that mean "not now" (loading, failing over, out of memory), not "never". */
const NOT_NOW_REPLY = /^(LOADING|BUSY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|READONLY|OOM)\b/;

/** True when `error`, or an error it wraps, says Redis cannot be reached or take writes now. */
export function isRedisUnavailable(error: unknown): boolean {
  let current: unknown = error;
  // Causes are followed a few levels only: a cyclic `cause` must not loop.
  for (let level = 0; level < 5 && current instanceof Error; level++) {
    if (current instanceof RedisUnavailableError) return true;
    if (current.name === 'MaxRetriesPerRequestError' || current.name === 'ConnectionClosedError') return true;
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    const { message } = current;
    if (CONNECTION_MESSAGES.some((pattern) => pattern.test(message)) || NOT_NOW_REPLY.test(message))
      return true;
    current = current.cause;
  }
  return false;
}
