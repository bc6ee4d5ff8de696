import type { KnownBlock } from '@slack/types';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackStandIn, type SlackStandIn } from '../../src/sandbox/slack-api/index.js';
import { respondTo } from '../../src/slack/respond.js';
import { createSlackClient, maskingSlackFetch } from '../../src/slack/web-client.js';
import { CANARY } from '../support/config.js';
import { captureLogs } from '../support/log-capture.js';

const CHANNEL = 'C0SECOPS01';
const KEY_ID = 'AKIAZ7CANARY0KEY4Q2W';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARY0SEC';
const SESSION = 'FwoGZXIvYXdzEJr//////////wEaDCanary0SessionToken0Client';
const SLACK_TOKEN = 'xoxp-1234567890-0987654321-CanaryClientTok';
const CANARIES = [KEY_ID, SECRET, SESSION, SLACK_TOKEN];
const AGENT = `aws-cli/2 aws_secret_access_key=${SECRET} X-Amz-Security-Token=${SESSION}`;
// Ids Slack must get back exactly, even when they look like a secret.
const BLOCK_ID = 'wk_blk_ASIAQQQQVERBATIM0ID1';
const ACTION_ID = 'wk_act_xoxb-verbatim-action-id';

function expectNoCanary(text: string): void {
  for (const canary of CANARIES) expect(text).not.toContain(canary);
}

function message(): { channel: string; text: string; blocks: KnownBlock[] } {
  return {
    channel: CHANNEL,
    text: `Key ${KEY_ID} used by ${AGENT}`,
    blocks: [
      { type: 'section', block_id: BLOCK_ID, text: { type: 'mrkdwn', text: `*User agent:* ${AGENT}` } },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: ACTION_ID, text: { type: 'plain_text', text: 'Ack' }, value: 'INC-1' },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `posted with ${SLACK_TOKEN}` }] },
    ],
  };
}

let slack: SlackStandIn;
beforeAll(async () => {
  slack = createSlackStandIn({ botToken: CANARY.botToken, channels: [{ id: CHANNEL, name: 'sec-ops' }] });
  await slack.start();
});
afterAll(async () => {
  await slack.stop();
});

describe('the Slack client masks secrets in every call', () => {
  it('masks text and blocks but sends the token, channel and ids exactly', async () => {
    const client = createSlackClient({
      token: CANARY.botToken,
      apiUrl: slack.apiUrl,
      logger: captureLogs().logger,
      retries: 0,
    });
    const args = message();
    // The token also passed as an argument: masking it would fail the call with invalid_auth.
    const posted = await client.chat.postMessage({ ...args, token: CANARY.botToken });
    const stored = slack.store.findMessage(CHANNEL, String(posted.ts));

    expect(stored).toBeDefined();
    expectNoCanary(JSON.stringify(stored));
    expect(stored?.text).toBe(
      'Key AKIA…4Q2W used by aws-cli/2 aws_secret_access_key=**** X-Amz-Security-Token=****',
    );
    const blocks = JSON.stringify(stored?.blocks);
    expect(blocks).toContain(BLOCK_ID);
    expect(blocks).toContain(ACTION_ID);
    // The caller's arguments are not changed (the outbox may send them again).
    expect(args.text).toContain(KEY_ID);
  });

  it('masks calls of clients it did not build through maskingSlackFetch', async () => {
    const client = new WebClient(CANARY.botToken, {
      slackApiUrl: slack.apiUrl,
      fetch: maskingSlackFetch(),
      retryConfig: { retries: 0 },
    });
    const posted = await client.chat.postMessage(message());
    const stored = slack.store.findMessage(CHANNEL, String(posted.ts));
    expect(stored).toBeDefined();
    expectNoCanary(JSON.stringify(stored));
    expect(JSON.stringify(stored?.blocks)).toContain(BLOCK_ID);
  });
});

describe('response_url answers', () => {
  it('are masked like Web API calls', async () => {
    const bodies: string[] = [];
    const fetchFn = (async (_url: string | URL | Request, init?: RequestInit) => {
      bodies.push(String(init?.body));
      return new Response('ok');
    }) as typeof fetch;
    await respondTo(
      'https://hooks.slack.com/commands/T0/1/abc',
      { text: `*1 open incident*\n🔴 Key ${KEY_ID} · ${AGENT}`, blocks: message().blocks },
      fetchFn,
    );
    expect(bodies).toHaveLength(1);
    expectNoCanary(bodies[0]!);
    expect(JSON.parse(bodies[0]!)).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(bodies[0]).toContain('AKIA…4Q2W');
  });
});
