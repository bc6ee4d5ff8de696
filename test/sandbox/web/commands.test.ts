import { afterEach, describe, expect, it } from 'vitest';
import type { SlackStandIn } from '../../../src/sandbox/slack-api/index.js';
import { splitCommand } from '../../../src/sandbox/web/command-route.js';
import { type BotServer, getJson, postJson, startUi } from './helpers.js';

let running: { standIn: SlackStandIn; bot: BotServer; stop: () => Promise<void> } | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('splitCommand', () => {
  it('splits the command name from its text the way Slack does', () => {
    expect(splitCommand('/Watchkeeper   help me ')).toEqual({ command: '/watchkeeper', text: 'help me' });
    expect(splitCommand('/watchkeeper')).toEqual({ command: '/watchkeeper', text: '' });
  });
});

describe('POST /ui/command', () => {
  it('sends the slash command signed and shows an ephemeral ack only to the caller', async () => {
    running = await startUi(() => ({
      status: 200,
      body: { response_type: 'ephemeral', text: 'Here is the help' },
    }));
    const { standIn, bot } = running;
    const answer = await postJson(standIn, '/ui/command', {
      userId: 'U0CHIDI03',
      channelId: 'C0ALERTS1',
      text: '/watchkeeper help',
    });
    expect(answer.json).toMatchObject({ ok: true, shown: 'ephemeral' });
    expect(bot.received[0]?.verified).toBe(true);
    const form = new URLSearchParams(bot.received[0]?.body);
    expect(form.get('command')).toBe('/watchkeeper');
    expect(form.get('text')).toBe('help');
    expect(form.get('user_id')).toBe('U0CHIDI03');
    const chidi = (await getJson(standIn, '/ui/state?user=U0CHIDI03')).json;
    expect((chidi.ephemerals as Array<{ text: string }>).map((e) => e.text)).toEqual(['Here is the help']);
    const alice = (await getJson(standIn, '/ui/state?user=U0ALICE01')).json;
    expect(alice.ephemerals).toEqual([]);
  });

  it('posts an in_channel ack in the channel under the caller’s command', async () => {
    running = await startUi(() => ({
      status: 200,
      body: { response_type: 'in_channel', text: 'Owner: team-storage' },
    }));
    const { standIn } = running;
    await postJson(standIn, '/ui/command', {
      userId: 'U0ALICE01',
      channelId: 'C0ALERTS1',
      text: '/owner bucket-a',
    });
    const messages = standIn.store.messagesIn('C0ALERTS1');
    expect(messages.map((m) => [m.user, m.text])).toEqual([
      ['U0ALICE01', '/owner bucket-a'],
      ['U0WKBOT01', 'Owner: team-storage'],
    ]);
  });

  it('says dispatch_failed when the bot answers with an error', async () => {
    running = await startUi(() => ({ status: 500 }));
    const answer = await postJson(running.standIn, '/ui/command', {
      userId: 'U0ALICE01',
      channelId: 'C0ALERTS1',
      text: '/watchkeeper help',
    });
    expect(answer.json).toMatchObject({ ok: false, error: 'dispatch_failed' });
    expect(String(answer.json.reason)).toContain('HTTP 500');
  });

  it('answers 400 for text that is not a slash command, an unknown user or an unknown channel', async () => {
    running = await startUi();
    const { standIn, bot } = running;
    const plain = await postJson(standIn, '/ui/command', {
      userId: 'U0ALICE01',
      channelId: 'C0ALERTS1',
      text: 'hello',
    });
    expect(plain.status).toBe(400);
    expect(String(plain.json.reason)).toMatch(/text: must start with a slash command/);
    const nobody = await postJson(standIn, '/ui/command', {
      userId: 'U0NOBODY9',
      channelId: 'C0ALERTS1',
      text: '/x',
    });
    expect(String(nobody.json.reason)).toMatch(/userId: no such user/);
    const nowhere = await postJson(standIn, '/ui/command', {
      userId: 'U0ALICE01',
      channelId: 'C0NOWHERE',
      text: '/x',
    });
    expect(String(nowhere.json.reason)).toMatch(/channelId: no such channel/);
    const extra = await postJson(standIn, '/ui/command', {
      userId: 'U0ALICE01',
      channelId: 'C0ALERTS1',
      text: '/x',
      token: 'sneaky',
    });
    expect(extra.status).toBe(400);
    expect(bot.received).toHaveLength(0);
  });
});
