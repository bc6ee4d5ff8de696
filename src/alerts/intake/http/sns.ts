import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../../../platform/log/logger.js';
import type { Metrics } from '../../../platform/metrics.js';
import { type AcceptDeps, acceptInputs } from '../accept.js';
import {
  admitSnsMessage,
  handleSubscriptionConfirmation,
  SnsAuthenticationError,
  SnsInputError,
  type SnsMessage,
  type SnsVerifyDeps,
  verifySnsMessage,
} from '../sns/index.js';
import { respondUnavailable, respondWithOutcome } from './respond.js';

export const SNS_PATH = '/intake/sns';

/** The answer to every SNS message while `intake.snsTopicArns` is empty. */
export const NO_SNS_TOPICS_MESSAGE =
  'no SNS topics are allowed: set WATCHKEEPER_SNS_TOPIC_ARNS to the topics Watchkeeper should accept';

export interface SnsRouteOptions {
  bodyLimitBytes: number;
  metrics: Metrics;
  logger: Logger;
  verify: SnsVerifyDeps;
  /** Config `intake.snsTopicArns`: exact ARNs or globs. Empty refuses every message. */
  allowedTopicArns: readonly string[];
  /** The runtime's clock; a message's signed Timestamp is judged against it. */
  now: () => Date;
  /** @defaultValue SNS_MAX_MESSAGE_AGE_MS (1 hour) */
  maxMessageAgeMs?: number;
  /** GETs a checked SubscribeURL (see `confirmByHttpGet`); throws when SNS did not answer 2xx. */
  confirm: (url: string) => Promise<void>;
  accept: AcceptDeps;
}

/**
 * POST /intake/sns: an Amazon SNS HTTP(S) subscription. SNS sends JSON as `text/plain`, so the
 * body is read as text and verified (signature v1/v2 against the certificate of the topic's
 * region) before anything is believed. Then our policy: every message type is refused unless its
 * topic is in `intake.snsTopicArns` and its Timestamp is recent (a good signature only proves the
 * message went through SNS, for anyone's topic, at any time).
 */
export function mountSnsIntake(app: Express, options: SnsRouteOptions): void {
  if (options.allowedTopicArns.length === 0) {
    // Mounted anyway, so SNS and whoever set it up get an explicit answer instead of a 404.
    options.logger.warn(`${SNS_PATH} refuses every message: ${NO_SNS_TOPICS_MESSAGE}`);
  }
  const text = express.text({ type: () => true, limit: options.bodyLimitBytes });
  app.post(SNS_PATH, text, (req: Request, res: Response, next: NextFunction) => {
    handle(req, res, options).catch(next);
  });
}

async function handle(req: Request, res: Response, options: SnsRouteOptions): Promise<void> {
  const reject = (status: number, reason: string, message: string) => {
    options.metrics.intakeRejected.inc({ endpoint: 'sns', reason });
    if (status === 503) res.setHeader('retry-after', '5');
    res.status(status).json({ error: reason, message });
  };
  // Nothing to accept, so nothing to verify: no certificate is fetched for anyone.
  if (options.allowedTopicArns.length === 0) return reject(403, 'no-topics-allowed', NO_SNS_TOPICS_MESSAGE);

  const body = typeof req.body === 'string' ? req.body : '';
  let message: SnsMessage;
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

  // Checked only after the signature, so an unsigned probe cannot learn which topics are allowed.
  const admission = admitSnsMessage(message, {
    allowedTopicArns: options.allowedTopicArns,
    now: options.now(),
    ...(options.maxMessageAgeMs === undefined ? {} : { maxAgeMs: options.maxMessageAgeMs }),
  });
  if (!admission.ok) {
    options.logger.warn(
      {
        topicArn: message.TopicArn,
        messageId: message.MessageId,
        type: message.Type,
        reason: admission.reason,
      },
      'refused a signed SNS message',
    );
    return reject(403, admission.reason, admission.detail);
  }

  if (message.Type === 'SubscriptionConfirmation') {
    const outcome = await handleSubscriptionConfirmation(message, {
      allowedTopicArns: options.allowedTopicArns,
      confirm: options.confirm,
      logger: options.logger,
    });
    if (outcome.status === 'confirmed') {
      res.status(200).json({ confirmed: outcome.topicArn });
      return;
    }
    return reject(outcome.status === 'unreachable' ? 503 : 403, outcome.reason, outcome.detail);
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
