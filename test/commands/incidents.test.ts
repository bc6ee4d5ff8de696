import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIncidentsArgs } from '../../commands/incidents.js';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import { composer } from '../../src/main/compose.js';
import { readAudit } from '../../src/platform/audit/export.js';
import { CANARY } from '../support/config.js';
import { BYSTANDER, type Harness, RESPONDER, startHarness, TEST_CHANNEL } from '../support/harness.js';

const event = readFileSync(
  new URL('../fixtures/alerts/guardduty/eventbridge-redacted-dns.json', import.meta.url),
  'utf8',
);

describe('/incidents', () => {
  let h: Harness;
  let id = '';
  beforeAll(async () => {
    h = await startHarness({
      commands: [],
      env: { WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey },
      compose: composer({ cardUpdateIntervalMs: 100 }),
    });
    const res = await fetch(`${h.bot.url}/intake/eventbridge`, {
      method: 'POST',
      body: event,
      headers: { 'content-type': 'application/json', [API_KEY_HEADER]: CANARY.eventBridgeApiKey },
    });
    expect(res.status).toBe(202);
    for (let i = 0; i < 200 && !id; i++) {
      id = /INC-[A-Z0-9]+/.exec(JSON.stringify(h.slack.store.messagesIn(TEST_CHANNEL)))?.[0] ?? '';
      if (!id) await sleep(50);
    }
  });
  afterAll(async () => {
    await h.stop();
  });

  async function run(text: string, userId = RESPONDER): Promise<{ ack: string; answer: string | undefined }> {
    const before = h.slack.store.ephemeralsFor(userId, TEST_CHANNEL).length;
    const result = await h.slack.sender.sendSlashCommand({
      command: '/incidents',
      text,
      userId,
      channelId: TEST_CHANNEL,
    });
    const ack = (result.json as { text: string }).text;
    if (!/^(Looking up|Working on)/.test(ack)) return { ack, answer: undefined };
    let answer: string | undefined;
    for (let i = 0; i < 200 && !answer; i++) {
      answer = h.slack.store
        .ephemeralsFor(userId, TEST_CHANNEL)
        .slice(before)
        .find((e) => e.source === 'response_url' && !/^(Looking up|Working on)/.test(e.text))?.text;
      if (!answer) await sleep(50);
    }
    return { ack, answer };
  }

  it('lists open incidents with a link to the card', async () => {
    expect(id).toMatch(/^INC-/);
    const { answer } = await run('');
    expect(answer).toContain(id);
    expect(answer).toMatch(/1 open incident/);
  });

  it('refuses to acknowledge for someone without the responder role, audits who and what, and changes nothing', async () => {
    const { ack } = await run(`${id} ack`, BYSTANDER);
    expect(ack).toMatch(/responder/);
    const audit = await readAudit(h.bot.ctx.redis, h.bot.ctx.config.redis.prefix, new Date(0));
    expect(audit.filter((a) => a.action.startsWith('refused.'))).toEqual([
      expect.objectContaining({
        who: BYSTANDER,
        action: 'refused.incidents',
        detail: expect.stringMatching(/acknowledge incidents.*responder/),
      }),
    ]);
    expect((await run(id)).answer).toMatch(/Status: triggered/);
    expect(audit.some((a) => a.action === 'acknowledge')).toBe(false);
  });

  it('acknowledges and resolves like the buttons, and the card follows', async () => {
    expect((await run(`${id} ack`)).answer).toBe(`Acknowledged ${id}.`);
    expect((await run(id)).answer).toMatch(/acknowledged by <@U0RESPOND1>/);
    expect((await run(`${id} ack`)).answer).toMatch(/already acknowledged/i);
    expect((await run(`${id} resolve rotated the instance role credentials`)).answer).toBe(`Resolved ${id}.`);
    expect((await run('mine')).answer).toBe('No open incidents.');
    let card = '';
    for (let i = 0; i < 200 && !/Resolved/.test(card); i++) {
      card = JSON.stringify(h.slack.store.messagesIn(TEST_CHANNEL)[0]?.blocks ?? []);
      if (!/Resolved/.test(card)) await sleep(50);
    }
    expect(card).toMatch(/Resolved/);
  });

  it('answers malformed arguments with its usage', () => {
    for (const bad of ['bogus', 'INC-1 dance', 'INC-1 resolve', 'open now']) {
      expect(() => parseIncidentsArgs(bad)).toThrow(
        expect.objectContaining({ userMessage: expect.stringContaining('Usage: /incidents') }),
      );
    }
    expect(parseIncidentsArgs('inc-ab12 resolve key rotated')).toEqual({
      kind: 'resolve',
      id: 'INC-AB12',
      summary: 'key rotated',
    });
  });
});
