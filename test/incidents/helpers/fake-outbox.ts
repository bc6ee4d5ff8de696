import type {
  CardSyncRequest,
  Outbox,
  OutboxFile,
  OutboxMessage,
  OutboxMessageUpdate,
} from '../../../src/slack/outbox/outbox.js';

/** Records what was asked of the outbox; sends nothing. */
export interface RecordingOutbox extends Outbox {
  readonly cardSyncs: CardSyncRequest[];
  readonly messages: OutboxMessage[];
  readonly ephemerals: Array<{ channel: string; user: string; text: string }>;
  readonly files: OutboxFile[];
  readonly updates: OutboxMessageUpdate[];
}

export function recordingOutbox(): RecordingOutbox {
  const cardSyncs: CardSyncRequest[] = [];
  const messages: OutboxMessage[] = [];
  const ephemerals: Array<{ channel: string; user: string; text: string }> = [];
  const files: OutboxFile[] = [];
  const updates: OutboxMessageUpdate[] = [];
  return {
    cardSyncs,
    messages,
    ephemerals,
    files,
    updates,
    async requestCardSync(request) {
      cardSyncs.push(request);
    },
    async postMessage(message) {
      // Idempotent like the real outbox: one post per key.
      if (!messages.some((m) => m.idempotencyKey === message.idempotencyKey)) messages.push(message);
    },
    async postEphemeral(message) {
      ephemerals.push({ channel: message.channel, user: message.user, text: message.text });
    },
    async uploadFile(file) {
      files.push(file);
    },
    async updateMessage(update) {
      updates.push(update);
    },
  };
}

/** Polls until `check` returns a value (no timed assertions: the test timeout is the limit). */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  everyMs = 20,
): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
