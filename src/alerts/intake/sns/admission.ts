import type { SnsMessage } from './message.js';
import { topicArnAllowed } from './topic-arn.js';

/**
 * Our policy for a message whose signature is already verified. A good signature proves only
 * that the message went through Amazon SNS: SNS signs every customer's topics with the same
 * regional certificate, and a signed message stays signed forever. So anyone with an AWS account
 * could publish to their own topic, capture the signed delivery and replay it to us, or replay
 * one of ours years later. We admit a message only when its topic is on the operator's allow list
 * (`intake.snsTopicArns`) and its `Timestamp` is recent. Pure: the time is passed in.
 */

/**
 * How old a message may be (by its signed `Timestamp`, the time SNS accepted the publish) before
 * it is refused as a replay. SNS keeps the Timestamp when it redelivers, and its HTTP(S) delivery
 * retries end within an hour, so one hour admits every genuine redelivery.
 */
export const SNS_MAX_MESSAGE_AGE_MS = 60 * 60 * 1000;

/** How far a Timestamp may be ahead of our clock (clock skew between us and AWS). */
export const SNS_MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export type SnsAdmissionReason = 'topic-not-allowed' | 'stale-message' | 'future-message';

export type SnsAdmission =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: SnsAdmissionReason; readonly detail: string };

export interface SnsAdmissionPolicy {
  /** Exact ARNs or globs (config `intake.snsTopicArns`). */
  readonly allowedTopicArns: readonly string[];
  /** The current time, from the runtime's injected clock. */
  readonly now: Date;
  /** @defaultValue SNS_MAX_MESSAGE_AGE_MS */
  readonly maxAgeMs?: number;
  /** @defaultValue SNS_MAX_CLOCK_SKEW_MS */
  readonly maxSkewMs?: number;
}

export function admitSnsMessage(
  message: Pick<SnsMessage, 'Type' | 'TopicArn' | 'Timestamp'>,
  policy: SnsAdmissionPolicy,
): SnsAdmission {
  if (!topicArnAllowed(message.TopicArn, policy.allowedTopicArns)) {
    return {
      ok: false,
      reason: 'topic-not-allowed',
      detail: `SNS ${message.Type} from topic ${message.TopicArn} refused: the topic is not in intake.snsTopicArns (WATCHKEEPER_SNS_TOPIC_ARNS)`,
    };
  }
  return checkTimestamp(message, policy);
}

function checkTimestamp(
  message: Pick<SnsMessage, 'Type' | 'Timestamp'>,
  policy: SnsAdmissionPolicy,
): SnsAdmission {
  const maxAgeMs = policy.maxAgeMs ?? SNS_MAX_MESSAGE_AGE_MS;
  const maxSkewMs = policy.maxSkewMs ?? SNS_MAX_CLOCK_SKEW_MS;
  const sentMs = Date.parse(message.Timestamp);
  const ageMs = policy.now.getTime() - sentMs;
  // NaN (a Timestamp the schema let through but Date cannot read) fails both comparisons: refuse.
  if (!(ageMs <= maxAgeMs)) {
    return {
      ok: false,
      reason: 'stale-message',
      detail: `SNS ${message.Type} Timestamp ${message.Timestamp} is more than ${minutes(maxAgeMs)} old; refused as a possible replay`,
    };
  }
  if (!(-ageMs <= maxSkewMs)) {
    return {
      ok: false,
      reason: 'future-message',
      detail: `SNS ${message.Type} Timestamp ${message.Timestamp} is more than ${minutes(maxSkewMs)} ahead of this server's clock`,
    };
  }
  return { ok: true };
}

function minutes(ms: number): string {
  const value = ms / 60_000;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} minute${value === 1 ? '' : 's'}`;
}
