import type { Logger } from '../../../platform/log/logger.js';
import type { SnsSubscriptionConfirmation } from './message.js';
import { checkSubscribeUrl } from './sns-url.js';
import { topicArnAllowed } from './topic-arn.js';

/**
 * Confirms an SNS subscription only for topics the operator allowed (config
 * `intake.snsTopicArns`: exact ARNs or globs). Anyone can subscribe our endpoint to their own
 * topic; confirming only allow-listed topics keeps strangers from feeding us alerts.
 * Call it with a message that `verifySnsMessage` has already verified.
 */

export type SubscriptionOutcome =
  | { readonly status: 'confirmed'; readonly topicArn: string }
  | {
      readonly status: 'refused';
      readonly topicArn: string;
      readonly reason: 'topic-not-allowed' | 'bad-subscribe-url';
      readonly detail: string;
    }
  | {
      /** The SubscribeURL GET failed: answer 5xx so SNS sends the confirmation again. */
      readonly status: 'unreachable';
      readonly topicArn: string;
      readonly reason: 'subscribe-url-unreachable';
      readonly detail: string;
    };

export interface SubscriptionDeps {
  readonly allowedTopicArns: readonly string[];
  /** GETs the SubscribeURL (see `confirmByHttpGet`); throws when SNS did not answer 2xx. */
  readonly confirm: (url: string) => Promise<void>;
  readonly logger: Logger;
}

export async function handleSubscriptionConfirmation(
  message: SnsSubscriptionConfirmation,
  deps: SubscriptionDeps,
): Promise<SubscriptionOutcome> {
  const topicArn = message.TopicArn;
  if (!topicArnAllowed(topicArn, deps.allowedTopicArns)) {
    deps.logger.warn(
      { topicArn, messageId: message.MessageId },
      'refused an SNS subscription for a topic not in intake.snsTopicArns',
    );
    return {
      status: 'refused',
      topicArn,
      reason: 'topic-not-allowed',
      detail: `topic ${topicArn} is not in intake.snsTopicArns; add it there to accept this subscription`,
    };
  }
  const verdict = checkSubscribeUrl(message.SubscribeURL, topicArn);
  if (!verdict.ok) {
    deps.logger.warn(
      { topicArn, messageId: message.MessageId, problem: verdict.problem },
      'refused an SNS subscription',
    );
    return { status: 'refused', topicArn, reason: 'bad-subscribe-url', detail: verdict.problem };
  }
  try {
    await deps.confirm(verdict.url.href);
  } catch (error) {
    // The URL carries the confirmation token: log the topic and the error, not the URL.
    deps.logger.warn(
      { topicArn, messageId: message.MessageId, err: error },
      'could not confirm an SNS subscription; SNS will send the confirmation again',
    );
    return {
      status: 'unreachable',
      topicArn,
      reason: 'subscribe-url-unreachable',
      detail: `could not reach SNS to confirm the subscription to ${topicArn}; nothing was confirmed, retry later`,
    };
  }
  deps.logger.info({ topicArn }, 'confirmed an SNS subscription');
  return { status: 'confirmed', topicArn };
}

export interface ConfirmByHttpGetOptions {
  /** @defaultValue 10000 */
  timeoutMs?: number;
  /** @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
}

/** The default `confirm`: a GET of the SubscribeURL, no redirects, with a timeout. */
export function confirmByHttpGet(options: ConfirmByHttpGetOptions = {}): (url: string) => Promise<void> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return async (url) => {
    const response = await doFetch(url, { redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`SNS ConfirmSubscription answered HTTP ${response.status}`);
  };
}
