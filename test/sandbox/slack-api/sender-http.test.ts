import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackStandIn } from '../../../src/sandbox/slack-api/index.js';
import { type ReceivedRequest, startBotServer } from './bot-server.js';
import { manualClock, SIGNING_SECRET, startStandIn, webClient } from './helpers.js';

const clock = manualClock(Date.now());
const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);
let standIn: SlackStandIn;
let bot: Awaited<ReturnType<typeof startBotServer>>;
let reply: (req: ReceivedRequest) => { status: number; body?: unknown } = () => ({ status: 200 });

beforeEach(async () => {
  standIn = await startStandIn({ now: clock.now });
  bot = await startBotServer(SIGNING_SECRET, nowSeconds, (req) => reply(req));
  standIn.sender.setRequestUrl(bot.url);
  reply = () => ({ status: 200 });
});
afterEach(async () => {
  await standIn.stop();
  await bot.close();
});

const CARD = [
  { type: 'section', block_id: 'summary', text: { type: 'mrkdwn', text: '*Root login*' } },
  {
    type: 'actions',
    block_id: 'incident-actions',
    elements: [
      { type: 'button', action_id: 'ack', text: { type: 'plain_text', text: 'Acknowledge' }, value: 'inc-9' },
      {
        type: 'static_select',
        action_id: 'severity',
        placeholder: { type: 'plain_text', text: 'Severity' },
        options: [
          { text: { type: 'plain_text', text: 'High' }, value: 'high' },
          { text: { type: 'plain_text', text: 'Low' }, value: 'low' },
        ],
      },
    ],
  },
];

describe('slash commands over HTTP', () => {
  it('delivers a signed form body that verifies with Slack’s algorithm', async () => {
    reply = () => ({ status: 200, body: { text: 'Working on it' } });
    const result = await standIn.sender.sendSlashCommand({
      command: '/access-review',
      text: 'start prod',
      userId: 'U0ALICE01',
      channelId: 'C0ALERTS1',
    });
    expect(result.status).toBe(200);
    expect(result.json).toEqual({ text: 'Working on it' });
    expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
    const [request] = bot.received;
    expect(request?.verified).toBe(true);
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const fields = Object.fromEntries(new URLSearchParams(request?.body));
    expect(fields).toMatchObject({
      command: '/access-review',
      text: 'start prod',
      user_id: 'U0ALICE01',
      user_name: 'alice',
      channel_name: 'sec-alerts',
      team_id: 'T0WKTEST1',
    });
    expect(fields.trigger_id).toBe(result.triggerId);
    expect(fields.response_url).toBe(result.responseUrl);
  });

  it('lets tests send forged and stale requests', async () => {
    const forged = await standIn.sender.sendSlashCommand({
      command: '/x',
      userId: 'U0ALICE01',
      channelId: 'C0ALERTS1',
      signature: 'v0=deadbeef',
    });
    expect(forged.status).toBe(401);
    const stale = await standIn.sender.sendSlashCommand({
      command: '/x',
      userId: 'U0ALICE01',
      channelId: 'C0ALERTS1',
      timestamp: nowSeconds() - 600,
    });
    expect(stale.status).toBe(401);
    const otherSecret = await standIn.sender.sendSlashCommand({
      command: '/x',
      userId: 'U0ALICE01',
      channelId: 'C0ALERTS1',
      signingSecret: 'guess',
    });
    expect(otherSecret.status).toBe(401);
  });

  it('gives a trigger_id the bot can open a modal with', async () => {
    const result = await standIn.sender.sendSlashCommand({
      command: '/x',
      userId: 'U0BRUNO02',
      channelId: 'C0ALERTS1',
    });
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Hi' }, blocks: [] };
    await webClient(standIn).views.open({ trigger_id: result.triggerId as string, view });
    expect(standIn.store.openViewsOf('U0BRUNO02')).toHaveLength(1);
  });
});

describe('response_url', () => {
  async function respond(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: await response.json() };
  }

  it('stores ephemeral and in_channel responses', async () => {
    const { responseUrl } = await standIn.sender.sendSlashCommand({
      command: '/x',
      userId: 'U0ALICE01',
      channelId: 'C0ALERTS1',
    });
    expect((await respond(responseUrl as string, { text: 'just you' })).status).toBe(200);
    await respond(responseUrl as string, { text: 'everyone', response_type: 'in_channel' });
    expect(standIn.store.ephemeralsFor('U0ALICE01').map((e) => e.text)).toEqual(['just you']);
    expect(standIn.store.messagesIn('C0ALERTS1').map((m) => m.text)).toEqual(['everyone']);
  });

  it('allows 5 uses, then refuses', async () => {
    const { responseUrl } = await standIn.sender.sendSlashCommand({
      command: '/x',
      userId: 'U0ALICE01',
      channelId: 'C0ALERTS1',
    });
    for (let i = 0; i < 5; i += 1)
      expect((await respond(responseUrl as string, { text: `n${i}` })).status).toBe(200);
    expect(await respond(responseUrl as string, { text: 'sixth' })).toEqual({
      status: 404,
      json: { ok: false, error: 'used_url' },
    });
  });

  it('expires after 30 minutes', async () => {
    const { responseUrl } = await standIn.sender.sendSlashCommand({
      command: '/x',
      userId: 'U0ALICE01',
      channelId: 'C0ALERTS1',
    });
    clock.advance(30 * 60 * 1000 + 1);
    expect((await respond(responseUrl as string, { text: 'late' })).json).toEqual({
      ok: false,
      error: 'expired_url',
    });
  });

  it('validates blocks like chat.postMessage', async () => {
    const { responseUrl } = await standIn.sender.sendSlashCommand({
      command: '/x',
      userId: 'U0ALICE01',
      channelId: 'C0ALERTS1',
    });
    const answer = await respond(responseUrl as string, {
      text: 'x',
      blocks: [{ type: 'header', text: { type: 'plain_text', text: '' } }],
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: 'invalid_blocks' });
  });
});

describe('block actions over HTTP', () => {
  it('builds the payload from the stored message and lets the bot replace the original', async () => {
    const posted = await webClient(standIn).chat.postMessage({
      channel: 'C0ALERTS1',
      text: 'incident',
      blocks: CARD,
    });
    const result = await standIn.sender.sendBlockActions({
      userId: 'U0BRUNO02',
      channelId: 'C0ALERTS1',
      messageTs: posted.ts as string,
      actions: [{ actionId: 'ack' }],
    });
    expect(result.status).toBe(200);
    const payload = JSON.parse(new URLSearchParams(bot.received[0]?.body).get('payload') ?? '{}');
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0BRUNO02', name: 'bruno' },
      container: { type: 'message', message_ts: posted.ts, channel_id: 'C0ALERTS1', is_ephemeral: false },
      channel: { id: 'C0ALERTS1', name: 'sec-alerts' },
      message: { ts: posted.ts, text: 'incident', bot_id: 'B0WKBOT01' },
      actions: [{ type: 'button', action_id: 'ack', block_id: 'incident-actions', value: 'inc-9' }],
      trigger_id: result.triggerId,
      response_url: result.responseUrl,
    });
    const replaced = await fetch(payload.response_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ replace_original: true, text: 'Acknowledged by bruno' }),
    });
    expect(replaced.status).toBe(200);
    expect(standIn.store.findMessage('C0ALERTS1', posted.ts as string)?.text).toBe('Acknowledged by bruno');
  });

  it('reports the selected option of a select', async () => {
    const posted = await webClient(standIn).chat.postMessage({
      channel: 'C0ALERTS1',
      text: 'incident',
      blocks: CARD,
    });
    await standIn.sender.sendBlockActions({
      userId: 'U0BRUNO02',
      channelId: 'C0ALERTS1',
      messageTs: posted.ts as string,
      actions: [{ actionId: 'severity', value: 'low' }],
    });
    const payload = JSON.parse(new URLSearchParams(bot.received[0]?.body).get('payload') ?? '{}');
    expect(payload.actions[0]).toMatchObject({
      type: 'static_select',
      selected_option: { value: 'low', text: { text: 'Low' } },
    });
  });

  it('refuses to click an element the message does not have', async () => {
    const posted = await webClient(standIn).chat.postMessage({
      channel: 'C0ALERTS1',
      text: 'incident',
      blocks: CARD,
    });
    await expect(
      standIn.sender.sendBlockActions({
        userId: 'U0BRUNO02',
        channelId: 'C0ALERTS1',
        messageTs: posted.ts as string,
        actions: [{ actionId: 'resolve' }],
      }),
    ).rejects.toThrow(/no element with action_id resolve/);
  });
});

describe('view submissions over HTTP', () => {
  const MODAL = {
    type: 'modal' as const,
    callback_id: 'escalate',
    title: { type: 'plain_text' as const, text: 'Escalate' },
    submit: { type: 'plain_text' as const, text: 'Send' },
    notify_on_close: true,
    blocks: [
      {
        type: 'input',
        block_id: 'reason',
        label: { type: 'plain_text', text: 'Why?' },
        element: { type: 'plain_text_input', action_id: 'text' },
      },
    ],
  };

  async function openModal(): Promise<string> {
    const opened = await webClient(standIn).views.open({
      trigger_id: standIn.triggers.issue('U0ALICE01'),
      view: MODAL,
    });
    return opened.view?.id as string;
  }

  it('sends state.values and keeps the modal open when the bot answers errors', async () => {
    const viewId = await openModal();
    reply = () => ({ status: 200, body: { response_action: 'errors', errors: { reason: 'Say more' } } });
    const values = { reason: { text: { type: 'plain_text_input', value: 'db' } } };
    const result = await standIn.sender.sendViewSubmission({ userId: 'U0ALICE01', viewId, values });
    expect(result.effect).toEqual({ kind: 'errors', errors: { reason: 'Say more' } });
    const payload = JSON.parse(new URLSearchParams(bot.received[0]?.body).get('payload') ?? '{}');
    expect(payload.view).toMatchObject({ id: viewId, callback_id: 'escalate', state: { values } });
    expect(standIn.store.views.get(viewId)?.open).toBe(true);
  });

  it('closes the modal on an empty ack and tells the bot about closes it asked for', async () => {
    const viewId = await openModal();
    const submitted = await standIn.sender.sendViewSubmission({ userId: 'U0ALICE01', viewId });
    expect(submitted.effect).toEqual({ kind: 'closed' });
    expect(standIn.store.views.get(viewId)?.open).toBe(false);
    const second = await openModal();
    const closed = await standIn.sender.sendViewClosed({ userId: 'U0ALICE01', viewId: second });
    expect(closed?.status).toBe(200);
    expect(JSON.parse(new URLSearchParams(bot.received.at(-1)?.body).get('payload') ?? '{}').type).toBe(
      'view_closed',
    );
  });
});
