import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../../../platform/log/logger.js';
import type { Metrics } from '../../../platform/metrics.js';
import { type AcceptDeps, acceptInputs } from '../accept.js';
import {
  handleSubscriptionConfirmation,
  SnsAuthenticationError,
  SnsInputError,
  type SnsVerifyDeps,
  type SubscriptionDeps,
  verifySnsMessage,
} from '../sns/index.js';
import { respondUnavailable, respondWithOutcome } from './respond.js';

export const SNS_PATH = '/intake/sns';

export interface SnsRouteOptions {
  bodyLimitBytes: number;
  metrics: Metrics;
  logger: Logger;
  verify: SnsVerifyDeps;
  subscription: Omit<SubscriptionDeps, 'logger'>;
  accept: AcceptDeps;
}

/**
 * POST /intake/sns: an Amazon SNS HTTP(S) subscription. SNS sends JSON as `text/plain`, so the
 * body is read as text and verified (signature v1/v2 against the topic's certificate) before
 * anything is believed. Subscription confirmations are accepted only for allow-listed topics.
 */
export function mountSnsIntake(app: Express, options: SnsRouteOptions): void {
  const text = express.text({ type: () => true, limit: options.bodyLimitBytes });
  app.post(SNS_PATH, text, (req: Request, res: Response, next: NextFunction) => {
    handle(req, res, options).catch(next);
  });
}

async function handle(req: Request, res: Response, options: SnsRouteOptions): Promise<void> {
  const reject = (status: number, reason: string, message: string) => {
    options.metrics.intakeRejected.inc({ endpoint: 'sns', reason });
    res.status(status).json({ error: reason, message });
  };
  const body = typeof req.body === 'string' ? req.body : '';
  let message: Awaited<ReturnType<typeof verifySnsMessage>>;
  try {
    message = await verifySnsMessage(body, options.verify);
  } catch (error) {
    if (error instanceof SnsInputError) return reject(400, error.reason, error.message);
    if (error instanceof SnsAuthenticationError) {
      // A certificate we could not fetch is our problem, not the sender's: ask SNS to retry.
      if (error.reason === 'certificate-unavailable') return reject(503, error.reason, error.message);
      return reject(403, error.reason, error.message);
    }
    throw error;
  }

  if (message.Type === 'SubscriptionConfirmation') {
    const outcome = await handleSubscriptionConfirmation(message, {
      ...options.subscription,
      logger: options.logger,
    });
    if (outcome.status === 'confirmed') {
      res.status(200).json({ confirmed: outcome.topicArn });
      return;
    }
    return reject(403, outcome.reason, outcome.detail);
  }
  if (message.Type === 'UnsubscribeConfirmation') {
    options.logger.warn(
      { topicArn: message.TopicArn },
      'SNS says this endpoint was unsubscribed from a topic',
    );
    res.status(200).json({ ok: true });
    return;
  }
  try {
    const outcome = await acceptInputs(
      [
        {
          kind: 'sns-notification',
          receivedAt: options.accept.now().toISOString(),
          origin: 'sns',
          payload: message,
        },
      ],
      options.accept,
    );
    options.metrics.intakeAccepted.inc({ endpoint: 'sns' }, outcome.accepted);
    respondWithOutcome(res, outcome);
  } catch (error) {
    options.logger.warn({ err: error }, 'sns intake could not store the notification');
    respondUnavailable(res, error);
  }
}
