import type { KnownBlock } from '@slack/types';

/**
 * The one door for every Slack write a worker makes. It alone knows Slack's per-channel rate
 * limit, 429/Retry-After, retries, ordering per channel, and how to make a repeated post
 * idempotent. Callers only say what they want to be true in Slack; `requestCardSync` in
 * particular says "the card of this incident should show its latest state", and the outbox
 * posts it once, then updates it in place, coalescing bursts.
 */
export interface Outbox {
  /**
   * Ask for the incident's card to show its current state: the first call posts it (and stores
   * its channel and ts), later calls update it. Calls made while an update is pending coalesce
   * into one; during a storm a card is updated at most once per `cardUpdateIntervalMs`.
   */
  requestCardSync(request: CardSyncRequest): Promise<void>;
  /** A message posted once per `idempotencyKey` (a retried job never posts it twice). */
  postMessage(message: OutboxMessage): Promise<void>;
  /** An ephemeral message to one user in a channel (not rate limited per channel by Slack). */
  postEphemeral(message: {
    channel: string;
    user: string;
    text: string;
    blocks?: KnownBlock[];
  }): Promise<void>;
  /** Uploads a file (files.getUploadURLExternal + completeUploadExternal) once per key. */
  uploadFile(file: OutboxFile): Promise<void>;
  /**
   * Make the message posted with `postMessage` under `postedKey` show this content. The latest
   * call wins (earlier contents still queued are skipped); waits until the message is posted.
   */
  updateMessage(update: OutboxMessageUpdate): Promise<void>;
}

export interface OutboxMessageUpdate {
  /** The idempotency key the message was posted with. */
  readonly postedKey: string;
  readonly channel: string;
  readonly text: string;
  readonly blocks?: KnownBlock[];
}

export interface CardSyncRequest {
  readonly incidentId: string;
  /** The channel the card belongs in (used only for the first post). */
  readonly channel: string;
  /** Incident version the caller just wrote; older versions are never sent after newer ones. */
  readonly version: number;
}

export interface OutboxMessage {
  readonly idempotencyKey: string;
  readonly channel: string;
  readonly text: string;
  readonly blocks?: KnownBlock[];
  /** Post in the thread of the incident's card (resolved when the card has been posted). */
  readonly threadOfIncident?: string;
  readonly threadTs?: string;
  /** Keeps user and group mentions from notifying (timeline entries). */
  readonly unfurl?: boolean;
}

export interface OutboxFile {
  readonly idempotencyKey: string;
  readonly channel: string;
  readonly filename: string;
  readonly title: string;
  readonly content: Buffer;
  readonly initialComment?: string;
  /**
   * Blocks for the message the file is shared in, so a message and its image are one post.
   * Slack ignores them when `initialComment` is set, so the two are not sent together.
   */
  readonly blocks?: KnownBlock[];
  readonly threadTs?: string;
}

/** Renders the card for an incident at its current stored state, or undefined if it is gone. */
export type CardRenderer = (
  incidentId: string,
) => Promise<{ text: string; blocks: KnownBlock[]; version: number } | undefined>;
