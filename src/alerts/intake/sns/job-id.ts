import { jobId } from '../../../platform/queue/names.js';
import type { SnsMessage } from './message.js';

/**
 * BullMQ job id for an SNS delivery. SNS reuses the MessageId when it retries a delivery, so
 * the same id makes a redelivered message a no-op while its first job is still kept.
 */
export function snsJobId(message: Pick<SnsMessage, 'MessageId'>): string {
  return jobId('sns', message.MessageId);
}
