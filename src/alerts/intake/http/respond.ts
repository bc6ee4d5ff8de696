import type { Response } from 'express';
import { RedisUnavailableError } from '../../../platform/errors.js';
import type { AcceptOutcome } from '../accept.js';

/**
 * Intake answers: 202 only once every alert is in Redis; 400 when an input was rejected (it is
 * dead-lettered, so retrying cannot help); 503 when Redis is unreachable, so AWS retries later.
 */
export function respondWithOutcome(res: Response, outcome: AcceptOutcome): void {
  const status = outcome.rejected.length > 0 ? 400 : 202;
  res.status(status).json({
    accepted: outcome.accepted,
    ignored: outcome.ignored,
    rejected: outcome.rejected,
  });
}

export function respondUnavailable(res: Response, error: unknown): void {
  const wrapped = new RedisUnavailableError(error);
  res
    .status(503)
    .setHeader('retry-after', '5')
    .json({ error: 'unavailable', message: `${wrapped.message}; nothing was stored, retry later` });
}

export function respondBadRequest(res: Response, message: string): void {
  res.status(400).json({ error: 'bad_request', message });
}
