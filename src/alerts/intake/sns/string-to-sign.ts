import type { SnsMessage } from './message.js';

/**
 * The exact text SNS signs, as documented in "Verifying the signatures of Amazon SNS messages":
 * selected `name\nvalue\n` pairs in byte order of the names. Notifications include `Subject`
 * only when the message has one; the two confirmation types include `SubscribeURL` and `Token`.
 */

const NOTIFICATION_FIELDS = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const;
const CONFIRMATION_FIELDS = [
  'Message',
  'MessageId',
  'SubscribeURL',
  'Timestamp',
  'Token',
  'TopicArn',
  'Type',
] as const;

export function snsStringToSign(message: SnsMessage): string {
  const fields = message.Type === 'Notification' ? NOTIFICATION_FIELDS : CONFIRMATION_FIELDS;
  const values = message as Readonly<Record<string, unknown>>;
  let text = '';
  for (const name of fields) {
    const value = values[name];
    // Only Subject is ever absent here; the schema makes every other field a required string.
    if (typeof value !== 'string') continue;
    text += `${name}\n${value}\n`;
  }
  return text;
}
