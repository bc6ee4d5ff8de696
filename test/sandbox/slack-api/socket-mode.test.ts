import { SocketModeClient } from '@slack/socket-mode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { SlackStandIn } from '../../../src/sandbox/slack-api/index.js';
import { APP_TOKEN, silentSlackLogger, startStandIn, webClient } from './helpers.js';

let standIn: SlackStandIn;
let client: SocketModeClient;

beforeEach(async () => {
  standIn = await startStandIn({ socketAckTimeoutMs: 2000 });
  client = new SocketModeClient({
    appToken: APP_TOKEN,
    logger: silentSlackLogger,
    autoReconnectEnabled: false,
    clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } },
  });
});
afterEach(async () => {
  await client.disconnect();
  await standIn.stop();
});

describe('Socket Mode with the real SocketModeClient', () => {
  it('connects through apps.connections.open and the hello message', async () => {
    await client.start();
    expect(standIn.socket.connectionCount).toBe(1);
    expect(standIn.store.callsTo('apps.connections.open').map((c) => c.outcome)).toEqual(['ok']);
  });

  it('delivers a slash command envelope and returns the ack payload', async () => {
    const received: Array<Record<string, unknown>> = [];
    client.on('slash_commands', async ({ ack, body }) => {
      received.push(body);
      await ack({ text: 'On it' });
    });
    await client.start();
    const result = await standIn.sender.sendSlashCommand({
      command: '/whoowns',
      text: 'arn:aws:s3:::harbor-logs',
      userId: 'U0CHIDI03',
      channelId: 'C0ALERTS1',
      transport: 'socket',
    });
    expect(result).toMatchObject({ transport: 'socket', acked: true, status: 200, json: { text: 'On it' } });
    expect(received[0]).toMatchObject({
      command: '/whoowns',
      text: 'arn:aws:s3:::harbor-logs',
      user_id: 'U0CHIDI03',
      trigger_id: result.triggerId,
    });
  });

  it('reports an envelope nobody acked', async () => {
    client.on('interactive', () => undefined);
    await client.start();
    const posted = await webClient(standIn).chat.postMessage({
      channel: 'C0ALERTS1',
      text: 'card',
      blocks: [
        {
          type: 'actions',
          elements: [{ type: 'button', action_id: 'ack', text: { type: 'plain_text', text: 'Ack' } }],
        },
      ],
    });
    const result = await standIn.sender.sendBlockActions({
      userId: 'U0ALICE01',
      channelId: 'C0ALERTS1',
      messageTs: posted.ts as string,
      actions: [{ actionId: 'ack' }],
      transport: 'socket',
      timeoutMs: 50,
    });
    expect(result.acked).toBe(false);
    expect(result.status).toBe(0);
  });

  it('refuses a socket connection without a ticket from apps.connections.open', async () => {
    const ws = new WebSocket(`${standIn.url.replace('http', 'ws')}/socket?ticket=made-up`);
    const status = await new Promise<number | undefined>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    ws.terminate();
    expect(status).toBe(401);
    expect(standIn.socket.connectionCount).toBe(0);
  });

  it('rejects apps.connections.open with a bot token', async () => {
    const error = await webClient(standIn)
      .apps.connections.open()
      .catch((e: { data: { error: string } }) => e.data.error);
    expect(error).toBe('not_allowed_token_type');
  });
});
