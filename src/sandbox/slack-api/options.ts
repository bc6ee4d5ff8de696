import type { Logger } from '../../platform/log/logger.js';

export interface SeedUser {
  id: string;
  name: string;
  real_name?: string;
  email?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
  tz?: string;
}

export interface SeedUserGroup {
  id: string;
  handle: string;
  name?: string;
  /** User ids. */
  users: string[];
}

export interface SeedChannel {
  id: string;
  name: string;
  is_private?: boolean;
  /** Whether the bot is in the channel; posting elsewhere answers `not_in_channel`. @defaultValue true */
  bot_is_member?: boolean;
  /** User ids in the channel (for postEphemeral's `user_not_in_channel`). @defaultValue every seeded user */
  members?: string[];
}

export interface SlackStandInOptions {
  /** @defaultValue 'xoxb-standin-bot-token' */
  botToken?: string;
  /** @defaultValue 'xapp-1-standin-app-token' */
  appToken?: string;
  /** @defaultValue 'standin-signing-secret' */
  signingSecret?: string;
  /** The legacy verification token Slack puts in payloads. @defaultValue 'standin-verification-token' */
  verificationToken?: string;
  teamId?: string;
  teamName?: string;
  /** Workspace subdomain used in permalinks. @defaultValue 'watchkeeper-sandbox' */
  teamDomain?: string;
  appId?: string;
  botId?: string;
  botUserId?: string;
  /** @defaultValue 'watchkeeper' */
  botName?: string;
  users?: SeedUser[];
  userGroups?: SeedUserGroup[];
  channels?: SeedChannel[];
  /** The bot's request URL (`.../slack/events`) for HTTP delivery; can also be set later on the sender. */
  requestUrl?: string;
  /** @defaultValue () => new Date() */
  now?: () => Date;
  /** Random source for fault injection; pass `seededRandom(n)` for deterministic tests. @defaultValue Math.random */
  random?: () => number;
  logger?: Logger;
  /** Largest Web API request body. @defaultValue 1 MiB */
  maxBodyBytes?: number;
  /** Largest file upload body. @defaultValue 50 MiB */
  maxUploadBytes?: number;
  /** How long the sender waits for a Socket Mode ack. @defaultValue 3000 */
  socketAckTimeoutMs?: number;
  /** Interval of server pings on Socket Mode connections; 0 turns them off. @defaultValue 10000 */
  socketPingIntervalMs?: number;
}

export type ResolvedOptions = Required<Omit<SlackStandInOptions, 'logger' | 'requestUrl'>> &
  Pick<SlackStandInOptions, 'logger' | 'requestUrl'>;

export function resolveOptions(options: SlackStandInOptions): ResolvedOptions {
  return {
    botToken: options.botToken ?? 'xoxb-standin-bot-token',
    appToken: options.appToken ?? 'xapp-1-standin-app-token',
    signingSecret: options.signingSecret ?? 'standin-signing-secret',
    verificationToken: options.verificationToken ?? 'standin-verification-token',
    teamId: options.teamId ?? 'T0STANDIN',
    teamName: options.teamName ?? 'Watchkeeper Sandbox',
    teamDomain: options.teamDomain ?? 'watchkeeper-sandbox',
    appId: options.appId ?? 'A0STANDIN',
    botId: options.botId ?? 'B0STANDIN',
    botUserId: options.botUserId ?? 'U0STANDBOT',
    botName: options.botName ?? 'watchkeeper',
    users: options.users ?? [],
    userGroups: options.userGroups ?? [],
    channels: options.channels ?? [],
    now: options.now ?? (() => new Date()),
    random: options.random ?? Math.random,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    maxUploadBytes: options.maxUploadBytes ?? 50 * 1024 * 1024,
    socketAckTimeoutMs: options.socketAckTimeoutMs ?? 3000,
    socketPingIntervalMs: options.socketPingIntervalMs ?? 10_000,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.requestUrl ? { requestUrl: options.requestUrl } : {}),
  };
}

/** Mulberry32: a tiny seeded PRNG so fault injection is repeatable in tests. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
