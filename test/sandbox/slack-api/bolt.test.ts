import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SlackStandIn } from '../../../src/sandbox/slack-api/index.js';
import { APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, silentSlackLogger, startStandIn } from './helpers.js';

const MODAL = {
  type: 'modal' as const,
  callback_id: 'owner-lookup',
  title: { type: 'plain_text' as const, text: 'Who owns it?' },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Looking it up…' } }],
};

let standIn: SlackStandIn | undefined;
let app: App | undefined;
afterEach(async () => {
  await app?.stop();
  await standIn?.stop();
});

/** The command handler both transports run: ack fast, open a modal, answer in the channel. */
function register(bolt: App): void {
  bolt.command('/whoowns', async ({ ack, command, client, respond }) => {
    await ack();
    await client.views.open({ trigger_id: command.trigger_id, view: MODAL });
    await respond({ response_type: 'in_channel', text: `Owner of ${command.text}: team-storage` });
  });
}

describe('the real Bolt app against the stand-in', () => {
  it('runs a slash command over Socket Mode: ack, views.open, respond', async () => {
    standIn = await startStandIn();
    app = new App({
      token: BOT_TOKEN,
      appToken: APP_TOKEN,
      socketMode: true,
      logger: silentSlackLogger,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } },
      installerOptions: { clientOptions: { slackApiUrl: standIn.apiUrl } },
    });
    register(app);
    await app.start();
    const result = await standIn.sender.sendSlashCommand({
      command: '/whoowns',
      text: 'harbor-logs',
      userId: 'U0ALICE01',
      channelId: 'C0ALERTS1',
      transport: 'socket',
    });
    expect(result.acked).toBe(true);
    const target = standIn;
    await vi.waitFor(() =>
      expect(target.store.messagesIn('C0ALERTS1').map((m) => m.text)).toEqual([
        'Owner of harbor-logs: team-storage',
      ]),
    );
    expect(standIn.store.openViewsOf('U0ALICE01')).toHaveLength(1);
  });

  it('runs a slash command over signed HTTP', async () => {
    standIn = await startStandIn();
    app = new App({
      token: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      port: 0,
      logger: silentSlackLogger,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } },
    });
    register(app);
    const server = (await app.start()) as Server;
    const { port } = server.address() as AddressInfo;
    standIn.sender.setRequestUrl(`http://127.0.0.1:${port}/slack/events`);
    const result = await standIn.sender.sendSlashCommand({
      command: '/whoowns',
      text: 'harbor-logs',
      userId: 'U0ALICE01',
      channelId: 'C0ALERTS1',
    });
    expect(result.status).toBe(200);
    const target = standIn;
    await vi.waitFor(() => expect(target.store.messagesIn('C0ALERTS1')).toHaveLength(1));
    const forged = await standIn.sender.sendSlashCommand({
      command: '/whoowns',
      userId: 'U0ALICE01',
      channelId: 'C0ALERTS1',
      signature: 'v0=00',
    });
    expect(forged.status).toBe(401);
  });
});
