import { z } from 'zod';
import { parseAs, reject } from './problems.js';

/**
 * The SNS HTTP envelope. A Notification's `Message` is a JSON string (a CloudWatch alarm, or an
 * EventBridge event when a rule targets a topic); confirmations are the webhook's business.
 * Source: SNS "HTTP/HTTPS notification JSON format".
 */
export const snsEnvelopeSchema = z.looseObject({
  Type: z.string(),
  MessageId: z.string().nullish(),
  TopicArn: z.string().nullish(),
  Subject: z.string().nullish(),
  Message: z.string(),
  Timestamp: z.string().nullish(),
});

export const SNS_NAME = 'SNS Notification';

export type UnwrappedSns =
  | { readonly kind: 'message'; readonly message: unknown }
  | { readonly kind: 'not-a-notification'; readonly type: string };

/** The parsed `Message` of a Notification, or the type of a non-notification (e.g. SubscriptionConfirmation). */
export function unwrapSnsNotification(input: unknown): UnwrappedSns {
  const envelope = parseAs(snsEnvelopeSchema, input, SNS_NAME);
  if (envelope.Type !== 'Notification') return { kind: 'not-a-notification', type: envelope.Type };
  try {
    return { kind: 'message', message: JSON.parse(envelope.Message) as unknown };
  } catch {
    throw reject(
      SNS_NAME,
      'Message',
      'is not JSON; expected a CloudWatch alarm or an EventBridge event as a JSON string',
    );
  }
}

export const LAMBDA_SNS_NAME = 'Lambda SNS event';

const lambdaSnsEventSchema = z.looseObject({
  Records: z.array(z.looseObject({ EventSource: z.string().nullish(), Sns: z.unknown() })).min(1),
});

/**
 * The `Sns` objects of a Lambda SNS event. Lambda spells two envelope keys differently
 * (`SigningCertUrl`, `UnsubscribeUrl`); neither is read here, so the HTTP schema fits.
 */
export function lambdaSnsRecords(input: unknown): unknown[] {
  return parseAs(lambdaSnsEventSchema, input, LAMBDA_SNS_NAME).Records.map((record) => record.Sns);
}
