import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import { composer } from '../../src/main/compose.js';
import { CANARY } from '../support/config.js';
import { type Harness, RESPONDER, startHarness, TEST_CHANNEL } from '../support/harness.js';

/**
 * For a minute Slack answers 30% of calls with 429 (Retry-After) or 500. Incidents open, get
 * acknowledged and resolved meanwhile. Afterwards every card arrives exactly once with its final
 * state, and each card's thread tells its story in order.
 */
const FINDINGS = 6;
const template = JSON.parse(
  readFileSync(
    new URL('../fixtures/alerts/guardduty/eventbridge-redacted-dns.json', import.meta.url),
    'utf8',
  ),
) as {
  detail: Record<string, unknown> & { service: Record<string, unknown> };
};
const occurrence = (n: number) => ({
  ...template,
  id: `evt-fail-${n}`,
  detail: {
    ...template.detail,
    id: `slackfail${String(n).padStart(23, '0')}`,
    title: `failure test finding ${n}`,
    updatedAt: new Date(Date.UTC(2026, 10, 28) + n).toISOString(),
    resource: {
      resourceType: 'Instance',
      instanceDetails: { instanceId: `i-${(n + 8192).toString(16).padStart(17, '0')}` },
    },
  },
});

describe('Slack failing a third of the time for a minute', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      commands: COMMANDS,
      env: { WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey },
      compose: composer({ cardUpdateIntervalMs: 300 }),
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  const command = (text: string) =>
    h.slack.sender.sendSlashCommand({
      command: '/incidents',
      text,
      userId: RESPONDER,
      channelId: TEST_CHANNEL,
    });

  it('still delivers every card once, with its final state and its thread in order', {
    timeout: 360_000,
  }, async () => {
    const started = Date.now();
    h.slack.faults.set({ rateLimitShare: 0.15, retryAfterSeconds: 1, serverErrorShare: 0.15 });
    for (let n = 0; n < FINDINGS; n++) {
      const res = await fetch(`${h.bot.url}/intake/eventbridge`, {
        method: 'POST',
        body: JSON.stringify(occurrence(n)),
        headers: { 'content-type': 'application/json', [API_KEY_HEADER]: CANARY.eventBridgeApiKey },
      });
      expect(res.status).toBe(202);
    }
    // The engine knows the incidents at once, whatever Slack is doing.
    const ids: string[] = [];
    for (let k = 0; k < 200 && ids.length < FINDINGS; k++) {
      const keys = await h.bot.ctx.redis.keys(`${h.bot.ctx.config.redis.prefix}:inc:incident:*`);
      ids.splice(0, ids.length, ...keys.map((key) => key.split(':').at(-1) as string));
      await sleep(50);
    }
    expect(ids).toHaveLength(FINDINGS);
    for (const id of ids) expect((await command(`${id} ack`)).status).toBe(200);
    await sleep(3_000);
    for (const id of ids) expect((await command(`${id} resolve handled during the outage`)).status).toBe(200);
    await sleep(Math.max(0, 60_000 - (Date.now() - started)));
    expect(h.slack.store.callsTo('chat.postMessage').some((c) => c.outcome !== 'ok')).toBe(true);
    h.slack.faults.clear();

    const cards = () =>
      h.slack.store
        .messagesIn(TEST_CHANNEL)
        .filter((m) => /failure test finding/.test(JSON.stringify(m.blocks ?? [])));
    const done = () =>
      cards().length === FINDINGS &&
      cards().every(
        (c) =>
          /Resolved/.test(JSON.stringify(c.blocks)) && h.slack.store.threadOf(TEST_CHANNEL, c.ts).length >= 3,
      );
    // Jobs in backoff when the faults stop may wait a minute or more (exponential, 8 attempts).
    for (let k = 0; k < 2_400 && !done(); k++) await sleep(100);
    expect(cards()).toHaveLength(FINDINGS);
    for (const card of cards()) {
      expect(JSON.stringify(card.blocks)).toMatch(/Resolved/);
      const story = h.slack.store.threadOf(TEST_CHANNEL, card.ts).map((m) => m.text ?? '');
      const opened = story.findIndex((t) => t.includes('Incident opened'));
      const acked = story.findIndex((t) => t.includes('Acknowledged by'));
      const resolved = story.findIndex((t) => t.includes('Resolved by'));
      expect(
        story.filter((t) => t.includes('Acknowledged by')),
        JSON.stringify(story),
      ).toHaveLength(1);
      expect(opened).toBeGreaterThanOrEqual(0);
      expect(acked).toBeGreaterThan(opened);
      expect(resolved).toBeGreaterThan(acked);
    }
  });
});
