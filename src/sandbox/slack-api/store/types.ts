export type JsonObject = Record<string, unknown>;

export interface StoredChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  botIsMember: boolean;
  members: Set<string>;
  created: number;
}

export interface MessageEdit {
  /** When the edit happened (ts form). */
  editedTs: string;
  /** What the message said before this edit. */
  previousText: string;
  previousBlocks: unknown[] | undefined;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  /** The poster: the bot's user id for bot posts. */
  user: string;
  /** Set when a bot posted it. */
  botId: string | undefined;
  text: string;
  blocks: unknown[] | undefined;
  attachments: unknown[] | undefined;
  /** Parent ts for replies; undefined for top-level messages. */
  threadTs: string | undefined;
  replyBroadcast: boolean;
  files: string[];
  metadata: JsonObject | undefined;
  edits: MessageEdit[];
  deleted: boolean;
  /** Reply ts values, for thread parents. */
  replies: string[];
}

export interface EphemeralMessage {
  channel: string;
  /** The one user who sees it. */
  user: string;
  ts: string;
  text: string;
  blocks: unknown[] | undefined;
  threadTs: string | undefined;
  /** 'api' for chat.postEphemeral, 'response_url' for responses to interactions. */
  source: 'api' | 'response_url';
}

export interface StoredView {
  id: string;
  userId: string;
  /** The view JSON as the app sent it. */
  view: JsonObject;
  hash: string;
  rootViewId: string;
  previousViewId: string | null;
  externalId: string | undefined;
  open: boolean;
  /** Last submitted `state.values`, as the sender delivered them. */
  stateValues: JsonObject;
}

export interface StoredFile {
  id: string;
  name: string;
  title: string;
  /** Byte length promised in files.getUploadURLExternal. */
  declaredLength: number;
  altText: string | undefined;
  bytes: Buffer | undefined;
  completed: boolean;
  channels: string[];
  created: number;
}

export type CallOutcome = 'ok' | 'error' | '429' | '5xx';

export interface CallRecord {
  method: string;
  /** Argument names with short values (tokens never recorded). */
  args: Record<string, string>;
  channel: string | undefined;
  outcome: CallOutcome;
  error: string | undefined;
  status: number;
  at: Date;
}

export interface StoreEvents {
  message: [StoredMessage];
  message_changed: [StoredMessage];
  message_deleted: [StoredMessage];
  ephemeral: [EphemeralMessage];
  view_opened: [StoredView];
  view_updated: [StoredView];
  view_closed: [StoredView];
  file_shared: [StoredFile, StoredMessage | undefined];
  call: [CallRecord];
}
