export type {
  CardRenderer,
  CardSyncRequest,
  Outbox,
  OutboxFile,
  OutboxMessage,
  OutboxMessageUpdate,
} from './outbox.js';
export { cardRef, createOutbox, postedMessageTs } from './producer.js';
export { type BucketOptions, SLACK_CHANNEL_BUCKET, takeToken } from './token-bucket.js';
