import type { IdFactory } from '../ids.js';
import type { ResolvedOptions } from '../options.js';
import type { SlackStore } from '../store/store.js';
import type { StoredChannel } from '../store/types.js';
import type { TriggerRegistry } from '../triggers.js';
import type { ArgReader } from './arg-reader.js';
import { SlackApiError } from './errors.js';

export interface MethodContext {
  readonly options: ResolvedOptions;
  readonly store: SlackStore;
  readonly ids: IdFactory;
  readonly triggers: TriggerRegistry;
  /** `http://127.0.0.1:PORT`, known once the server listens. */
  baseUrl(): string;
  /** A one-time `ws://` URL for a Socket Mode connection. */
  openSocketUrl(): string;
  nowMs(): number;
}

export interface MethodAnswer {
  body: Record<string, unknown>;
  /** Slack's soft warnings (`message_truncated`...), sent as `warning` and `response_metadata.warnings`. */
  warnings?: string[];
}

export type MethodHandler = (args: ArgReader, ctx: MethodContext) => MethodAnswer;

/** Which token a method takes: the bot token (xoxb) or the app-level token (xapp). */
export type TokenKind = 'bot' | 'app';

export interface MethodSpec {
  readonly token: TokenKind;
  readonly handler: MethodHandler;
}

/** Resolves a channel argument; `channel_not_found` when missing or unknown. */
export function requireChannel(args: ArgReader, ctx: MethodContext, name = 'channel'): StoredChannel {
  const ref = args.require(name, 'channel_not_found');
  const channel = ctx.store.directory.resolveChannel(ref, ctx.store.nowSeconds());
  if (!channel) throw new SlackApiError('channel_not_found');
  return channel;
}

/** Posting needs the bot in the channel. */
export function requireMembership(channel: StoredChannel): void {
  if (!channel.botIsMember) throw new SlackApiError('not_in_channel');
}
