/**
 * `response_url`s the stand-in hands out with interactions. The bot POSTs JSON to them
 * (`respond()` in Bolt): ephemeral or in_channel replies, replace_original, delete_original.
 * Like Slack: at most 5 uses within 30 minutes.
 */
import type { IdFactory } from './ids.js';
import { ArgReader } from './methods/arg-reader.js';
import { SlackApiError } from './methods/errors.js';
import { readMessageContent } from './methods/message-content.js';
import type { SlackStore } from './store/store.js';

export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

export interface ResponseTarget {
  channelId: string;
  userId: string;
  /** The message the interaction came from, for replace_original / delete_original. */
  messageTs?: string;
  /** The original was an ephemeral message (only its viewer sees it). */
  ephemeral?: boolean;
  /** Issued with a slash command: its original is the command's ack, once shown. */
  fromCommand?: boolean;
}

interface Issued extends ResponseTarget {
  issuedAt: number;
  uses: number;
}

export interface ResponseUrlAnswer {
  status: number;
  body: Record<string, unknown>;
}

export class ResponseUrls {
  private readonly issued = new Map<string, Issued>();

  constructor(
    private readonly store: SlackStore,
    private readonly ids: IdFactory,
    private readonly nowMs: () => number,
    private readonly baseUrl: () => string,
  ) {}

  issue(target: ResponseTarget): string {
    const id = this.ids.hex(24);
    this.issued.set(id, { ...target, issuedAt: this.nowMs(), uses: 0 });
    return `${this.baseUrl()}/response/${id}`;
  }

  /**
   * A slash command's ack with text is shown to the caller like Slack shows it, and becomes the
   * "original" its response_url replaces (`replace_original`), as in Slack. When the app already
   * answered with replace_original before the ack arrived, that answer stands and the ack is dropped.
   */
  showCommandAck(url: string, ack: { text: string; blocks?: unknown[] }): void {
    const issued = this.issued.get(url.slice(url.lastIndexOf('/') + 1));
    if (!issued || issued.messageTs) return;
    const shown = this.store.addEphemeral({
      channel: issued.channelId,
      user: issued.userId,
      text: ack.text,
      blocks: ack.blocks,
      threadTs: undefined,
      source: 'response_url',
    });
    Object.assign(issued, { messageTs: shown.ts, ephemeral: true, fromCommand: true });
  }

  handle(id: string, raw: Buffer): ResponseUrlAnswer {
    const issued = this.issued.get(id);
    if (!issued) return { status: 404, body: { ok: false, error: 'invalid_url' } };
    if (this.nowMs() - issued.issuedAt > RESPONSE_URL_TTL_MS)
      return { status: 404, body: { ok: false, error: 'expired_url' } };
    if (issued.uses >= RESPONSE_URL_MAX_USES) return { status: 404, body: { ok: false, error: 'used_url' } };
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      return { status: 400, body: { ok: false, error: 'invalid_payload' } };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { status: 400, body: { ok: false, error: 'invalid_payload' } };
    }
    try {
      this.apply(issued, new ArgReader(parsed as Record<string, unknown>));
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      const metadata = error.messages ? { response_metadata: { messages: error.messages } } : {};
      return { status: 400, body: { ok: false, error: error.error, ...metadata } };
    }
    issued.uses += 1;
    return { status: 200, body: { ok: true } };
  }

  private apply(target: Issued, args: ArgReader): void {
    if (args.boolean('delete_original')) {
      this.deleteOriginal(target);
      return;
    }
    const content = readMessageContent(args, true);
    const text = content.text ?? '';
    if (args.boolean('replace_original') && target.messageTs) {
      this.replaceOriginal(target, text, content.blocks);
      return;
    }
    if (args.boolean('replace_original') && target.fromCommand && !target.messageTs) {
      // The answer came before the ack was shown: it is the original from now on.
      const shown = this.store.addEphemeral({
        channel: target.channelId,
        user: target.userId,
        text,
        blocks: content.blocks,
        threadTs: undefined,
        source: 'response_url',
      });
      Object.assign(target, { messageTs: shown.ts, ephemeral: true });
      return;
    }
    if (args.string('response_type') === 'in_channel') {
      const threadTs = args.string('thread_ts');
      this.store.addMessage({ channel: target.channelId, text, blocks: content.blocks, threadTs });
      return;
    }
    this.store.addEphemeral({
      channel: target.channelId,
      user: target.userId,
      text,
      blocks: content.blocks,
      threadTs: args.string('thread_ts'),
      source: 'response_url',
    });
  }

  private replaceOriginal(target: Issued, text: string, blocks: unknown[] | undefined): void {
    if (target.ephemeral) {
      const original = this.store.ephemerals.find((e) => e.ts === target.messageTs);
      if (!original) throw new SlackApiError('message_not_found');
      Object.assign(original, { text, blocks });
      this.store.emit('ephemeral', original);
      return;
    }
    const message = this.store.findMessage(target.channelId, target.messageTs ?? '');
    if (!message) throw new SlackApiError('message_not_found');
    this.store.updateMessage(message, { text, blocks });
  }

  private deleteOriginal(target: Issued): void {
    if (target.ephemeral) {
      const index = this.store.ephemerals.findIndex((e) => e.ts === target.messageTs);
      if (index >= 0) this.store.ephemerals.splice(index, 1);
      return;
    }
    const message = target.messageTs ? this.store.findMessage(target.channelId, target.messageTs) : undefined;
    if (!message) throw new SlackApiError('message_not_found');
    this.store.deleteMessage(message);
  }
}
