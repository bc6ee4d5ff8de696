import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackStandIn } from '../../../src/sandbox/slack-api/index.js';
import { getJson, openEventStream, startUi, webClient } from './helpers.js';

let standIn: SlackStandIn;
let stop: () => Promise<void>;
beforeEach(async () => {
  ({ standIn, stop } = await startUi());
});
afterEach(async () => {
  await stop();
});

describe('the sandbox page', () => {
  it('serves the page at / with the SAMPLE DATA banner and a same-origin-only script policy', async () => {
    const response = await fetch(`${standIn.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('SAMPLE DATA');
    expect(html).toContain('<script type="module" src="/ui/static/app.js">');
  });

  it('serves the client files from its own folder and nothing outside it', async () => {
    const script = await fetch(`${standIn.url}/ui/static/app.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${standIn.url}/ui/static/..%2F..%2F..%2F..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${standIn.url}/ui/static/missing.js`)).status).toBe(404);
  });

  it('leaves the Web API to the stand-in', async () => {
    const answer = await webClient(standIn).auth.test();
    expect(answer.ok).toBe(true);
  });
});

describe('GET /ui/state', () => {
  it('shows channels, people, messages with their threads, and only the viewer’s ephemerals', async () => {
    const client = webClient(standIn);
    const parent = await client.chat.postMessage({ channel: 'C0ALERTS1', text: 'Incident *INC-7* opened' });
    await client.chat.postMessage({
      channel: 'C0ALERTS1',
      text: 'Acknowledged',
      thread_ts: parent.ts as string,
    });
    await client.chat.postEphemeral({ channel: 'C0ALERTS1', user: 'U0ALICE01', text: 'only for Alice' });

    const alice = (await getJson(standIn, '/ui/state?user=U0ALICE01')).json;
    expect(alice.sampleData).toBe(true);
    expect((alice.users as Array<{ id: string }>).map((u) => u.id)).toEqual([
      'U0ALICE01',
      'U0BRUNO02',
      'U0CHIDI03',
    ]);
    type Channel = {
      id: string;
      messages: Array<{ text: string }>;
      threads: Record<string, Array<{ text: string }>>;
    };
    const alerts = (alice.channels as Channel[]).find((c) => c.id === 'C0ALERTS1') as Channel;
    expect(alerts.messages.map((m) => m.text)).toEqual(['Incident *INC-7* opened']);
    expect(alerts.threads[parent.ts as string]?.[0]?.text).toBe('Acknowledged');
    expect((alice.ephemerals as Array<{ text: string }>).map((e) => e.text)).toEqual(['only for Alice']);

    const bruno = (await getJson(standIn, '/ui/state?user=U0BRUNO02')).json;
    expect(bruno.ephemerals).toEqual([]);
  });

  it('answers 400 naming the field when the user is malformed or unknown', async () => {
    const malformed = await getJson(standIn, '/ui/state?user=alice');
    expect(malformed.status).toBe(400);
    expect(malformed.json.reason).toMatch(/user: must be a Slack user id/);
    const unknown = await getJson(standIn, '/ui/state?user=U0NOBODY9');
    expect(unknown.status).toBe(400);
    expect(unknown.json.reason).toMatch(/user: no such user/);
  });
});

describe('GET /ui/events', () => {
  it('tells the page when the bot posts and updates a message', async () => {
    const stream = await openEventStream(standIn);
    try {
      const client = webClient(standIn);
      const posted = await client.chat.postMessage({ channel: 'C0ALERTS1', text: 'new incident' });
      const frame = await stream.next((f) => f.event === 'message');
      expect(frame.data).toEqual({ channel: 'C0ALERTS1', ts: posted.ts });
      await client.chat.update({ channel: 'C0ALERTS1', ts: posted.ts as string, text: 'acknowledged' });
      const changed = await stream.next((f) => f.event === 'message_changed');
      expect(changed.data).toEqual({ channel: 'C0ALERTS1', ts: posted.ts });
    } finally {
      stream.close();
    }
  });

  it('says whose ephemeral arrived without carrying its text', async () => {
    const stream = await openEventStream(standIn);
    try {
      await webClient(standIn).chat.postEphemeral({
        channel: 'C0ALERTS1',
        user: 'U0BRUNO02',
        text: 'secret-ish',
      });
      const frame = await stream.next((f) => f.event === 'ephemeral');
      expect(frame.data.user).toBe('U0BRUNO02');
      expect(JSON.stringify(frame.data)).not.toContain('secret-ish');
    } finally {
      stream.close();
    }
  });
});

describe('GET /ui/files/:id', () => {
  it('serves an uploaded chart with an image content type, sandboxed', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const result = await webClient(standIn).filesUploadV2({
      channel_id: 'C0ALERTS1',
      file: png,
      filename: 'digest-chart.png',
      title: 'Last 4 weeks',
    });
    expect(result.ok).toBe(true);
    const [file] = [...standIn.store.files.values()];
    const state = (await getJson(standIn, '/ui/state?user=U0ALICE01')).json;
    const entry = (state.files as Record<string, { url: string; isImage: boolean }>)[file?.id ?? ''];
    expect(entry?.isImage).toBe(true);

    const response = await fetch(`${standIn.url}${entry?.url}`);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-security-policy')).toMatch(/^sandbox/);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(png);
  });

  it('answers 404 for a file that does not exist', async () => {
    expect((await fetch(`${standIn.url}/ui/files/F0NOPE`)).status).toBe(404);
  });
});
