import { z } from 'zod';
import { ErrorCode, InputError, type Problem } from '../../../platform/errors.js';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../../../platform/json.js';
import { isTopicArn } from './topic-arn.js';

/**
 * The three JSON bodies SNS POSTs to an HTTP(S) subscriber. SNS sends them as
 * `text/plain; charset=UTF-8`, so the receiver must read the raw text and parse it here. Fields
 * the signature covers are required; anything else SNS may add later passes through untouched.
 */

export const SNS_MESSAGE_TYPES = [
  'Notification',
  'SubscriptionConfirmation',
  'UnsubscribeConfirmation',
] as const;
export type SnsMessageType = (typeof SNS_MESSAGE_TYPES)[number];

const signed = {
  MessageId: z.string().min(1),
  // Its region is checked against the certificate's and the whole ARN against the allow list.
  TopicArn: z.string().refine(isTopicArn, 'is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)'),
  Message: z.string(),
  // SNS writes UTC with milliseconds (2025-03-14T09:13:07.533Z); the age check relies on it.
  Timestamp: z.iso.datetime({ error: 'is not an ISO 8601 UTC time such as 2025-03-14T09:13:07.533Z' }),
  SignatureVersion: z.string().min(1),
  Signature: z.string().min(1),
  SigningCertURL: z.string().min(1),
};

export const snsNotificationSchema = z.looseObject({
  Type: z.literal('Notification'),
  ...signed,
  // Absent when the publisher set no subject; null is treated as absent (not signed).
  Subject: z.string().nullable().optional(),
  UnsubscribeURL: z.string().optional(),
});

/** SubscriptionConfirmation and UnsubscribeConfirmation carry the same fields. */
const confirmationFields = {
  ...signed,
  Token: z.string().min(1),
  SubscribeURL: z.string().min(1),
};

export const snsSubscriptionConfirmationSchema = z.looseObject({
  Type: z.literal('SubscriptionConfirmation'),
  ...confirmationFields,
});

export const snsUnsubscribeConfirmationSchema = z.looseObject({
  Type: z.literal('UnsubscribeConfirmation'),
  ...confirmationFields,
});

export const snsMessageSchema = z.discriminatedUnion('Type', [
  snsNotificationSchema,
  snsSubscriptionConfirmationSchema,
  snsUnsubscribeConfirmationSchema,
]);

export type SnsNotification = z.infer<typeof snsNotificationSchema>;
export type SnsSubscriptionConfirmation = z.infer<typeof snsSubscriptionConfirmationSchema>;
export type SnsUnsubscribeConfirmation = z.infer<typeof snsUnsubscribeConfirmationSchema>;
export type SnsMessage = z.infer<typeof snsMessageSchema>;

/** Why an SNS body was refused; stable strings for logs, metrics and tests. */
export type SnsRejectReason =
  | 'bad-json'
  | 'too-deep'
  | 'message-too-deep'
  | 'unknown-type'
  | 'malformed-message'
  | 'bad-cert-url'
  | 'unsupported-signature-version'
  | 'certificate-unavailable'
  | 'bad-certificate'
  | 'signature-mismatch';

/** The body is not an SNS message we accept (answer 400: resending the same body will not help). */
export class SnsInputError extends InputError {
  readonly reason: SnsRejectReason;
  constructor(reason: SnsRejectReason, message: string, problems: readonly Problem[] = []) {
    super(
      message,
      problems,
      reason === 'unknown-type' ? ErrorCode.InputUnrecognized : ErrorCode.InputInvalid,
    );
    this.reason = reason;
  }
}

/**
 * Parses the raw body text. Throws `SnsInputError` with reason `bad-json`, `too-deep` (the body
 * nests more than `MAX_JSON_DEPTH` levels), `unknown-type` (the `Type` field is missing or not one
 * of the three), `malformed-message` (a field the signature needs is missing or not a string) or
 * `message-too-deep` (the `Message` text is JSON nested more than `MAX_JSON_DEPTH` levels).
 */
export function parseSnsMessage(body: string): SnsMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new SnsInputError('bad-json', 'SNS message body is not valid JSON', [
      { path: 'body', message: error instanceof Error ? error.message : String(error) },
    ]);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SnsInputError('bad-json', 'SNS message body is not a JSON object');
  }
  // Before zod or anything else walks it: deep nesting overflows recursive code later on.
  if (exceedsJsonDepth(json)) {
    throw new SnsInputError('too-deep', `SNS message body nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  const type = (json as { Type?: unknown }).Type;
  if (typeof type !== 'string' || !(SNS_MESSAGE_TYPES as readonly string[]).includes(type)) {
    throw new SnsInputError('unknown-type', 'SNS message has an unknown Type', [
      {
        path: 'Type',
        message: `got ${JSON.stringify(type) ?? 'nothing'}`,
        fix: `expected one of ${SNS_MESSAGE_TYPES.join(', ')}`,
      },
    ]);
  }
  const parsed = snsMessageSchema.safeParse(json);
  if (!parsed.success) {
    throw new SnsInputError(
      'malformed-message',
      `SNS ${type} message is malformed`,
      parsed.error.issues.map((issue) => ({
        path: issue.path.join('.') || '(root)',
        message: issue.message,
      })),
    );
  }
  if (messageExceedsDepth(parsed.data.Message)) {
    throw new SnsInputError(
      'message-too-deep',
      `SNS ${type} Message is JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
      [{ path: 'Message', message: `nests deeper than ${MAX_JSON_DEPTH} levels` }],
    );
  }
  return parsed.data;
}

/**
 * The normalizers parse `Message` (an alarm or an EventBridge event) and walk it recursively, so
 * its depth is bounded here too. Text that is not JSON is left alone: plain messages are valid.
 */
function messageExceedsDepth(message: string): boolean {
  const first = message.trimStart()[0];
  if (first !== '{' && first !== '[') return false;
  let inner: unknown;
  try {
    inner = JSON.parse(message);
  } catch {
    return false;
  }
  return exceedsJsonDepth(inner);
}
