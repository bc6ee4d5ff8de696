import type { WebAPIPlatformError } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackStandIn } from '../../../src/sandbox/slack-api/index.js';
import { APP_TOKEN, rawCall, startStandIn, webClient } from './helpers.js';

let standIn: SlackStandIn;
beforeEach(async () => {
  standIn = await startStandIn();
});
afterEach(async () => {
  await standIn.stop();
});

async function slackError(promise: Promise<unknown>): Promise<WebAPIPlatformError['data']> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as WebAPIPlatformError | undefined;
  expect(error?.code).toBe('slack_webapi_platform_error');
  return (error as WebAPIPlatformError).data;
}

const CARD = [
  { type: 'header', text: { type: 'plain_text', text: 'GuardDuty: crypto mining on i-0abc' } },
  {
    type: 'actions',
    block_id: 'incident-actions',
    elements: [
      { type: 'button', action_id: 'ack', text: { type: 'plain_text', text: 'Acknowledge' }, value: 'inc-7' },
    ],
  },
];

describe('chat.postMessage through the real WebClient', () => {
  it('stores the message and answers a unique, increasing ts', async () => {
    const client = webClient(standIn);
    const first = await client.chat.postMessage({ channel: 'C0ALERTS1', text: 'first', blocks: CARD });
    const second = await client.chat.postMessage({ channel: 'C0ALERTS1', text: 'second' });
    expect(first.ok).toBe(true);
    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(first.message?.bot_id).toBe('B0WKBOT01');
    const stored = standIn.store.messagesIn('C0ALERTS1');
    expect(stored.map((m) => m.text)).toEqual(['first', 'second']);
    expect(stored[0]?.blocks).toEqual(CARD);
  });

  it('accepts a channel name and answers with the channel id', async () => {
    const answer = await webClient(standIn).chat.postMessage({ channel: '#sec-digest', text: 'digest' });
    expect(answer.channel).toBe('C0DIGEST2');
  });

  it('threads replies under their parent and keeps them out of the channel history', async () => {
    const client = webClient(standIn);
    const parent = await client.chat.postMessage({ channel: 'C0ALERTS1', text: 'incident' });
    const reply = await client.chat.postMessage({
      channel: 'C0ALERTS1',
      text: 'update 1',
      thread_ts: parent.ts as string,
    });
    await client.chat.postMessage({ channel: 'C0ALERTS1', text: 'update 2', thread_ts: reply.ts as string });
    expect(standIn.store.threadOf('C0ALERTS1', parent.ts as string).map((m) => m.text)).toEqual([
      'incident',
      'update 1',
      'update 2',
    ]);
    expect(standIn.store.messagesIn('C0ALERTS1').map((m) => m.text)).toEqual(['incident']);
    expect(standIn.store.findMessage('C0ALERTS1', parent.ts as string)?.replies).toHaveLength(2);
  });

  it('emits a message event for each post', async () => {
    const seen: string[] = [];
    standIn.store.on('message', (m) => seen.push(m.text));
    await webClient(standIn).chat.postMessage({ channel: 'C0ALERTS1', text: 'hello' });
    expect(seen).toEqual(['hello']);
  });

  it.each([
    [{ channel: 'C0MISSING', text: 'x' }, 'channel_not_found'],
    [{ channel: 'C0NOBOT03', text: 'x' }, 'not_in_channel'],
    [{ channel: 'C0ALERTS1' }, 'no_text'],
    [{ channel: 'C0ALERTS1', text: 'x', thread_ts: '1700000000.000001' }, 'thread_not_found'],
    [{ channel: 'C0ALERTS1', text: 'x', markdown_text: '*x*' }, 'markdown_text_conflict'],
  ])('rejects %j with %s', async (args, error) => {
    const data = await slackError(webClient(standIn).chat.postMessage(args as never));
    expect(data.error).toBe(error);
    expect(standIn.store.messagesIn('C0ALERTS1')).toHaveLength(0);
  });

  it('answers invalid_blocks with the block path and the rule', async () => {
    const blocks = [{ type: 'header', text: { type: 'mrkdwn', text: '*bold*' } }];
    const data = await slackError(
      webClient(standIn).chat.postMessage({ channel: 'C0ALERTS1', text: 'x', blocks }),
    );
    expect(data.error).toBe('invalid_blocks');
    expect(data.response_metadata?.messages).toEqual([
      '[ERROR] must be one of: plain_text [json-pointer:/blocks/0/text/type]',
    ]);
  });

  it('truncates text above 40,000 characters and warns', async () => {
    const answer = await webClient(standIn).chat.postMessage({
      channel: 'C0ALERTS1',
      text: 'x'.repeat(40_001),
    });
    expect(answer.warning).toBe('message_truncated');
    expect(answer.response_metadata?.warnings).toEqual(['message_truncated']);
    expect(standIn.store.lastMessage('C0ALERTS1')?.text).toHaveLength(40_000);
  });
});

describe('chat.update, chat.postEphemeral and chat.getPermalink', () => {
  it('updates a bot message and keeps its edit history', async () => {
    const client = webClient(standIn);
    const posted = await client.chat.postMessage({ channel: 'C0ALERTS1', text: 'open', blocks: CARD });
    const changed: string[] = [];
    standIn.store.on('message_changed', (m) => changed.push(m.text));
    const updated = await client.chat.update({
      channel: 'C0ALERTS1',
      ts: posted.ts as string,
      text: 'acknowledged',
    });
    expect(updated.ts).toBe(posted.ts);
    const message = standIn.store.findMessage('C0ALERTS1', posted.ts as string);
    expect(message?.text).toBe('acknowledged');
    expect(message?.blocks).toEqual(CARD);
    expect(message?.edits.map((e) => e.previousText)).toEqual(['open']);
    expect(changed).toEqual(['acknowledged']);
  });

  it('rejects updates of unknown messages', async () => {
    const data = await slackError(
      webClient(standIn).chat.update({ channel: 'C0ALERTS1', ts: '1700000000.000100', text: 'x' }),
    );
    expect(data.error).toBe('message_not_found');
  });

  it('stores ephemeral messages for their one viewer', async () => {
    const answer = await webClient(standIn).chat.postEphemeral({
      channel: 'C0ALERTS1',
      user: 'U0BRUNO02',
      text: 'only you',
    });
    expect(answer.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(standIn.store.ephemeralsFor('U0BRUNO02').map((e) => e.text)).toEqual(['only you']);
    expect(standIn.store.messagesIn('C0ALERTS1')).toHaveLength(0);
  });

  it('refuses an ephemeral for a user outside the channel', async () => {
    const data = await slackError(
      webClient(standIn).chat.postEphemeral({ channel: 'C0DIGEST2', user: 'U0BRUNO02', text: 'x' }),
    );
    expect(data.error).toBe('user_not_in_channel');
  });

  it('builds permalinks in Slack form', async () => {
    const client = webClient(standIn);
    const posted = await client.chat.postMessage({ channel: 'C0ALERTS1', text: 'x' });
    const link = await client.chat.getPermalink({ channel: 'C0ALERTS1', message_ts: posted.ts as string });
    expect(link.permalink).toBe(
      `https://harbor-ops.slack.com/archives/C0ALERTS1/p${(posted.ts as string).replace('.', '')}`,
    );
  });
});

describe('directory methods', () => {
  it('answers auth.test, users.info, usergroups.users.list and conversations.info from the seed', async () => {
    const client = webClient(standIn);
    expect((await client.auth.test()).user_id).toBe('U0WKBOT01');
    const user = await client.users.info({ user: 'U0ALICE01' });
    expect(user.user).toMatchObject({ name: 'alice', real_name: 'Alice Moreau', is_admin: true });
    expect((await client.usergroups.users.list({ usergroup: 'S0SECOPS1' })).users).toEqual([
      'U0ALICE01',
      'U0BRUNO02',
    ]);
    expect((await client.conversations.info({ channel: 'C0ALERTS1' })).channel).toMatchObject({
      name: 'sec-alerts',
      is_member: true,
    });
    expect((await slackError(client.users.info({ user: 'U0NOBODY9' }))).error).toBe('user_not_found');
    expect((await slackError(client.usergroups.users.list({ usergroup: 'S0NONE' }))).error).toBe(
      'no_such_subteam',
    );
  });
});

describe('authentication and request checks', () => {
  it('rejects a wrong token, a missing token, and a token of the wrong kind', async () => {
    expect((await slackError(webClient(standIn, {}, 'xoxb-wrong').auth.test())).error).toBe('invalid_auth');
    expect(
      (await rawCall(standIn, 'auth.test', '', 'application/x-www-form-urlencoded', null)).json.error,
    ).toBe('not_authed');
    expect((await slackError(webClient(standIn, {}, APP_TOKEN).auth.test())).error).toBe(
      'not_allowed_token_type',
    );
    expect((await slackError(webClient(standIn).apps.connections.open())).error).toBe(
      'not_allowed_token_type',
    );
  });

  it('accepts the token as a form field', async () => {
    const body = new URLSearchParams({ token: 'xoxb-test-4242-bot' }).toString();
    expect(
      (await rawCall(standIn, 'auth.test', body, 'application/x-www-form-urlencoded', null)).json.ok,
    ).toBe(true);
  });

  it('answers unknown_method for methods it does not know', async () => {
    expect((await slackError(webClient(standIn).apiCall('chat.teleport', {}))).error).toBe('unknown_method');
  });

  it('accepts JSON bodies and warns when the charset is missing', async () => {
    const body = JSON.stringify({ channel: 'C0ALERTS1', text: 'json', blocks: CARD });
    const withCharset = await rawCall(standIn, 'chat.postMessage', body, 'application/json; charset=utf-8');
    expect(withCharset.json.ok).toBe(true);
    const without = await rawCall(standIn, 'chat.postMessage', body, 'application/json');
    expect(without.json.warning).toBe('missing_charset');
  });

  it('answers invalid_json, invalid_form_data and invalid_blocks_format instead of crashing', async () => {
    expect((await rawCall(standIn, 'chat.postMessage', '{"channel":', 'application/json')).json.error).toBe(
      'invalid_json',
    );
    expect((await rawCall(standIn, 'chat.postMessage', 'a=b', 'text/xml')).json.error).toBe(
      'invalid_form_data',
    );
    const badBlocks = new URLSearchParams({ channel: 'C0ALERTS1', blocks: '[{"type":' }).toString();
    expect(
      (await rawCall(standIn, 'chat.postMessage', badBlocks, 'application/x-www-form-urlencoded')).json.error,
    ).toBe('invalid_blocks_format');
    expect((await webClient(standIn).auth.test()).ok).toBe(true);
  });

  it('refuses bodies over the size limit with 413', async () => {
    const body = new URLSearchParams({ channel: 'C0ALERTS1', text: 'x'.repeat(1024 * 1024 + 10) }).toString();
    const answer = await rawCall(standIn, 'chat.postMessage', body, 'application/x-www-form-urlencoded');
    expect(answer.status).toBe(413);
    expect(standIn.store.messagesIn('C0ALERTS1')).toHaveLength(0);
  });

  it('logs every call with its outcome and no token', async () => {
    const client = webClient(standIn);
    await client.chat.postMessage({ channel: 'C0ALERTS1', text: 'ok' });
    await client.chat.postMessage({ channel: 'C0MISSING', text: 'no' }).catch(() => undefined);
    const calls = standIn.store.callsTo('chat.postMessage');
    expect(calls.map((c) => [c.outcome, c.error ?? null])).toEqual([
      ['ok', null],
      ['error', 'channel_not_found'],
    ]);
    expect(JSON.stringify(calls)).not.toContain('xoxb-test');
  });
});
