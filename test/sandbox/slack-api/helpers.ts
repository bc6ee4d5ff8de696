import { LogLevel, type Logger as SlackLogger, WebClient, type WebClientOptions } from '@slack/web-api';
import {
  createSlackStandIn,
  type SlackStandIn,
  type SlackStandInOptions,
} from '../../../src/sandbox/slack-api/index.js';

export const BOT_TOKEN = 'xoxb-test-4242-bot';
export const APP_TOKEN = 'xapp-1-A0TEST-4242-app';
export const SIGNING_SECRET = 'test-signing-secret-8c1d';

/** Workspace seed used by the stand-in tests: made-up ids and names. */
export const SEED: SlackStandInOptions = {
  botToken: BOT_TOKEN,
  appToken: APP_TOKEN,
  signingSecret: SIGNING_SECRET,
  teamId: 'T0WKTEST1',
  teamName: 'Harbor Ops',
  teamDomain: 'harbor-ops',
  botUserId: 'U0WKBOT01',
  botId: 'B0WKBOT01',
  users: [
    {
      id: 'U0ALICE01',
      name: 'alice',
      real_name: 'Alice Moreau',
      is_admin: true,
      email: 'alice@harbor.example',
    },
    { id: 'U0BRUNO02', name: 'bruno', real_name: 'Bruno Keller' },
    { id: 'U0CHIDI03', name: 'chidi', real_name: 'Chidi Okafor' },
  ],
  userGroups: [{ id: 'S0SECOPS1', handle: 'secops', users: ['U0ALICE01', 'U0BRUNO02'] }],
  channels: [
    { id: 'C0ALERTS1', name: 'sec-alerts' },
    { id: 'C0DIGEST2', name: 'sec-digest', members: ['U0ALICE01'] },
    { id: 'C0NOBOT03', name: 'watercooler', bot_is_member: false },
  ],
};

/** A clock tests move by hand. */
export function manualClock(start = Date.parse('2024-03-05T10:00:00Z')) {
  let now = start;
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

export const silentSlackLogger: SlackLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

export async function startStandIn(options: SlackStandInOptions = {}): Promise<SlackStandIn> {
  const standIn = createSlackStandIn({ ...SEED, ...options });
  await standIn.start();
  return standIn;
}

/** The real WebClient pointed at the stand-in, retries off so errors surface at once. */
export function webClient(
  standIn: SlackStandIn,
  options: WebClientOptions = {},
  token = BOT_TOKEN,
): WebClient {
  return new WebClient(token, {
    slackApiUrl: standIn.apiUrl,
    retryConfig: { retries: 0 },
    logger: silentSlackLogger,
    ...options,
  });
}

/** Posts raw bytes to a Web API method and returns the status and parsed JSON. */
export async function rawCall(
  standIn: SlackStandIn,
  method: string,
  body: string,
  contentType: string,
  token: string | null = BOT_TOKEN,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${standIn.apiUrl}${method}`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}
