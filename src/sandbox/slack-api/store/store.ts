import { EventEmitter } from 'node:events';
import type { ResolvedOptions } from '../options.js';
import { Directory } from './directory.js';
import { MessageTsClock, tsToMillis } from './message-ts.js';
import { maxInWindow, postsTo } from './queries.js';
import type {
  CallRecord,
  EphemeralMessage,
  JsonObject,
  StoredFile,
  StoredMessage,
  StoredView,
  StoreEvents,
} from './types.js';

export interface NewMessage {
  channel: string;
  text: string;
  blocks?: unknown[] | undefined;
  attachments?: unknown[] | undefined;
  threadTs?: string | undefined;
  replyBroadcast?: boolean;
  files?: string[];
  metadata?: JsonObject | undefined;
  /** Defaults to the bot. */
  user?: string;
}

/**
 * Everything the stand-in remembers, in memory, plus an event stream of changes so a browser UI
 * can follow along (server-sent events later) and tests can wait for posts.
 */
export class SlackStore extends EventEmitter<StoreEvents> {
  readonly directory: Directory;
  readonly messages = new Map<string, StoredMessage[]>();
  readonly ephemerals: EphemeralMessage[] = [];
  readonly views = new Map<string, StoredView>();
  readonly files = new Map<string, StoredFile>();
  readonly calls: CallRecord[] = [];
  readonly tsClock: MessageTsClock;

  constructor(private readonly options: ResolvedOptions) {
    super();
    this.tsClock = new MessageTsClock(options.now);
    this.directory = new Directory({ ...options, created: this.nowSeconds() });
  }

  nowSeconds(): number {
    return Math.floor(this.options.now().getTime() / 1000);
  }

  // --- messages ---------------------------------------------------------------------------

  addMessage(input: NewMessage): StoredMessage {
    const isBot = input.user === undefined;
    const message: StoredMessage = {
      channel: input.channel,
      ts: this.tsClock.next(),
      user: input.user ?? this.options.botUserId,
      botId: isBot ? this.options.botId : undefined,
      text: input.text,
      blocks: input.blocks,
      attachments: input.attachments,
      threadTs: input.threadTs,
      replyBroadcast: input.replyBroadcast ?? false,
      files: input.files ?? [],
      metadata: input.metadata,
      edits: [],
      deleted: false,
      replies: [],
    };
    const list = this.messages.get(input.channel) ?? [];
    list.push(message);
    this.messages.set(input.channel, list);
    if (input.threadTs) this.findMessage(input.channel, input.threadTs)?.replies.push(message.ts);
    this.emit('message', message);
    return message;
  }

  findMessage(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.get(channel)?.find((m) => m.ts === ts && !m.deleted);
  }

  updateMessage(
    message: StoredMessage,
    change: { text: string; blocks: unknown[] | undefined; attachments?: unknown[] },
  ): void {
    message.edits.push({
      editedTs: this.tsClock.next(),
      previousText: message.text,
      previousBlocks: message.blocks,
    });
    message.text = change.text;
    message.blocks = change.blocks;
    if (change.attachments !== undefined) message.attachments = change.attachments;
    this.emit('message_changed', message);
  }

  deleteMessage(message: StoredMessage): void {
    message.deleted = true;
    this.emit('message_deleted', message);
  }

  addEphemeral(input: Omit<EphemeralMessage, 'ts'>): EphemeralMessage {
    const ephemeral: EphemeralMessage = { ...input, ts: this.tsClock.next() };
    this.ephemerals.push(ephemeral);
    this.emit('ephemeral', ephemeral);
    return ephemeral;
  }

  // --- views and files ----------------------------------------------------------------------

  saveView(view: StoredView, event: 'view_opened' | 'view_updated' | 'view_closed'): void {
    this.views.set(view.id, view);
    this.emit(event, view);
  }

  /** The views of one modal stack that are still open, root first. */
  openStack(rootViewId: string): StoredView[] {
    return [...this.views.values()].filter((v) => v.rootViewId === rootViewId && v.open);
  }

  openViewsOf(userId: string): StoredView[] {
    return [...this.views.values()].filter((v) => v.userId === userId && v.open);
  }

  // --- call log -------------------------------------------------------------------------------

  recordCall(record: CallRecord): void {
    this.calls.push(record);
    this.emit('call', record);
  }

  // --- queries for tests ------------------------------------------------------------------------

  /** Top-level messages of a channel (what conversations.history shows), oldest first. */
  messagesIn(channel: string): StoredMessage[] {
    return (this.messages.get(channel) ?? []).filter((m) => !m.deleted && (!m.threadTs || m.replyBroadcast));
  }

  /** A thread: the parent then its replies, oldest first. */
  threadOf(channel: string, ts: string): StoredMessage[] {
    return (this.messages.get(channel) ?? []).filter((m) => !m.deleted && (m.ts === ts || m.threadTs === ts));
  }

  lastMessage(channel: string): StoredMessage | undefined {
    return this.messagesIn(channel).at(-1);
  }

  ephemeralsFor(user: string, channel?: string): EphemeralMessage[] {
    return this.ephemerals.filter((e) => e.user === user && (channel === undefined || e.channel === channel));
  }

  callsTo(method: string): CallRecord[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Most chat.postMessage calls that succeeded in one channel within any 1-second window. */
  postsPerSecond(channel: string): number {
    return maxInWindow(
      postsTo(this.calls, channel).map((c) => c.at.getTime()),
      1000,
    );
  }

  /** Message times (from their ts) of a channel, for checks that do not depend on the call log. */
  messageTimes(channel: string): number[] {
    return (this.messages.get(channel) ?? []).map((m) => tsToMillis(m.ts));
  }

  /** Forgets messages, ephemerals, views, files and calls; keeps users and channels. */
  reset(): void {
    this.messages.clear();
    this.ephemerals.length = 0;
    this.views.clear();
    this.files.clear();
    this.calls.length = 0;
  }
}
