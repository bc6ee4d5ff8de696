import { afterEach, describe, expect, it } from 'vitest';
import type { SlackStandIn } from '../../../src/sandbox/slack-api/index.js';
import { type BotServer, payloadOf, postJson, startUi, webClient } from './helpers.js';

const CARD = [
  { type: 'section', block_id: 'summary', text: { type: 'mrkdwn', text: '*INC-9* root key used' } },
  {
    type: 'actions',
    block_id: 'incident-actions',
    elements: [
      {
        type: 'button',
        action_id: 'incident_ack',
        text: { type: 'plain_text', text: 'Acknowledge' },
        value: 'INC-9',
      },
      {
        type: 'static_select',
        action_id: 'incident_severity',
        placeholder: { type: 'plain_text', text: 'Severity' },
        options: [
          { text: { type: 'plain_text', text: 'High' }, value: 'high' },
          { text: { type: 'plain_text', text: 'Low' }, value: 'low' },
        ],
      },
      {
        type: 'users_select',
        action_id: 'incident_assign',
        placeholder: { type: 'plain_text', text: 'Assign' },
      },
    ],
  },
];

let running: { standIn: SlackStandIn; bot: BotServer; stop: () => Promise<void> } | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function postCard(): Promise<{ standIn: SlackStandIn; bot: BotServer; ts: string }> {
  running = await startUi();
  const posted = await webClient(running.standIn).chat.postMessage({
    channel: 'C0ALERTS1',
    text: 'INC-9',
    blocks: CARD,
  });
  return { standIn: running.standIn, bot: running.bot, ts: posted.ts as string };
}

describe('POST /ui/action', () => {
  it('delivers a button click to the bot as a signed block_actions payload', async () => {
    const { standIn, bot, ts } = await postCard();
    const answer = await postJson(standIn, '/ui/action', {
      userId: 'U0BRUNO02',
      channelId: 'C0ALERTS1',
      messageTs: ts,
      actionId: 'incident_ack',
      blockId: 'incident-actions',
    });
    expect(answer).toEqual({ status: 200, json: { ok: true, acked: true, status: 200 } });
    expect(bot.received).toHaveLength(1);
    expect(bot.received[0]?.verified).toBe(true);
    const payload = payloadOf(bot.received[0]?.body ?? '');
    expect(payload.type).toBe('block_actions');
    expect(payload.user).toMatchObject({ id: 'U0BRUNO02', username: 'bruno' });
    expect(payload.container).toMatchObject({ type: 'message', message_ts: ts, channel_id: 'C0ALERTS1' });
    expect(payload.actions).toEqual([
      expect.objectContaining({ action_id: 'incident_ack', block_id: 'incident-actions', value: 'INC-9' }),
    ]);
  });

  it('sends the chosen option of a static select and the chosen user of a users select', async () => {
    const { standIn, bot, ts } = await postCard();
    const target = { userId: 'U0ALICE01', channelId: 'C0ALERTS1', messageTs: ts };
    await postJson(standIn, '/ui/action', { ...target, actionId: 'incident_severity', value: 'low' });
    await postJson(standIn, '/ui/action', { ...target, actionId: 'incident_assign', value: 'U0CHIDI03' });
    const [severity, assign] = bot.received.map(
      (r) => (payloadOf(r.body).actions as Array<Record<string, unknown>>)[0],
    );
    expect(severity?.selected_option).toEqual({ text: { type: 'plain_text', text: 'Low' }, value: 'low' });
    expect(assign?.selected_user).toBe('U0CHIDI03');
  });

  it('refuses an option the select does not offer, without bothering the bot', async () => {
    const { standIn, bot, ts } = await postCard();
    const answer = await postJson(standIn, '/ui/action', {
      userId: 'U0ALICE01',
      channelId: 'C0ALERTS1',
      messageTs: ts,
      actionId: 'incident_severity',
      value: 'critical',
    });
    expect(answer.status).toBe(400);
    expect(String(answer.json.reason)).toMatch(/value: .*no option with value critical/);
    expect(bot.received).toHaveLength(0);
  });

  it('answers 400 naming the field when the body is incomplete', async () => {
    const { standIn, bot, ts } = await postCard();
    const answer = await postJson(standIn, '/ui/action', {
      userId: 'U0ALICE01',
      channelId: 'C0ALERTS1',
      messageTs: ts,
    });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('invalid_request');
    expect(String(answer.json.reason)).toContain('actionId');
    const noTs = await postJson(standIn, '/ui/action', {
      userId: 'U0ALICE01',
      channelId: 'C0ALERTS1',
      actionId: 'x',
    });
    expect(String(noTs.json.reason)).toContain('messageTs: required with channelId');
    expect(bot.received).toHaveLength(0);
  });

  it('answers 400 for an element that is not on the message and 404 for a message that is not there', async () => {
    const { standIn, ts } = await postCard();
    const target = { userId: 'U0ALICE01', channelId: 'C0ALERTS1' };
    const noElement = await postJson(standIn, '/ui/action', {
      ...target,
      messageTs: ts,
      actionId: 'delete_everything',
    });
    expect(noElement.status).toBe(400);
    expect(String(noElement.json.reason)).toContain('no element with action_id delete_everything');
    const noMessage = await postJson(standIn, '/ui/action', {
      ...target,
      messageTs: '1000000000.000001',
      actionId: 'incident_ack',
    });
    expect(noMessage.status).toBe(404);
  });

  it('takes JSON only, so a plain cross-site form cannot click for someone', async () => {
    const { standIn, bot, ts } = await postCard();
    const form = new URLSearchParams({
      userId: 'U0ALICE01',
      channelId: 'C0ALERTS1',
      messageTs: ts,
      actionId: 'incident_ack',
    });
    const answer = await postJson(
      standIn,
      '/ui/action',
      form.toString(),
      'application/x-www-form-urlencoded',
    );
    expect(answer.status).toBe(415);
    expect(bot.received).toHaveLength(0);
  });

  it('reports when the bot does not acknowledge the click', async () => {
    running = await startUi(() => ({ status: 500 }));
    const posted = await webClient(running.standIn).chat.postMessage({
      channel: 'C0ALERTS1',
      text: 'x',
      blocks: CARD,
    });
    const answer = await postJson(running.standIn, '/ui/action', {
      userId: 'U0ALICE01',
      channelId: 'C0ALERTS1',
      messageTs: posted.ts,
      actionId: 'incident_ack',
    });
    expect(answer.json).toEqual({ ok: true, acked: false, status: 500 });
  });
});
