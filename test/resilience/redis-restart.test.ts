import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import { composer } from '../../src/main/compose.js';
import { CANARY } from '../support/config.js';
import { type Harness, startHarness } from '../support/harness.js';
import { type PrivateRedis, startPrivateRedis } from '../support/redis-server.js';

/**
 * Redis (AOF on) is killed and restarted while alerts arrive over HTTP: every alert that got a
 * 202 is processed, requests during the outage get 503, and the bot recovers on its own. Slack
 * answers card posts a second after making them, so Redis dies while posts are in flight, between
 * Slack's doing and the ts being stored: every incident still ends with exactly one card.
 */
const template = JSON.parse(
  readFileSync(
    new URL('../fixtures/alerts/guardduty/eventbridge-redacted-dns.json', import.meta.url),
    'utf8',
  ),
) as {
  detail: Record<string, unknown>;
};
const finding = (n: number) => ({
  ...template,
  id: `evt-restart-${n}`,
  detail: {
    ...template.detail,
    id: `restart${String(n).padStart(25, '0')}`,
    updatedAt: new Date(Date.UTC(2026, 10, 28) + n).toISOString(),
    resource: {
      resourceType: 'Instance',
      instanceDetails: { instanceId: `i-${n.toString(16).padStart(17, '0')}` },
    },
  },
});

/** Alerts sent before Redis is killed; as many again are accepted after it is back. */
const BEFORE_OUTAGE = 25;

describe('Redis restarts under load', () => {
  let redis: PrivateRedis;
  let h: Harness;
  beforeAll(async () => {
    redis = await startPrivateRedis({ appendOnly: true });
    h = await startHarness({
      commands: [],
      env: { REDIS_URL: redis.url, WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey },
      compose: composer({ cardUpdateIntervalMs: 200 }),
    });
  });
  afterAll(async () => {
    await h.stop();
    await redis.stop();
  });

  it('processes every alert that got a 202, answers 503 while down, recovers by itself, and posts each card once', {
    timeout: 420_000,
  }, async () => {
    const accepted: number[] = [];
    const statuses = new Map<number, number>();
    let n = 0;
    const sendOne = async () => {
      const i = n++;
      const res = await fetch(`${h.bot.url}/intake/eventbridge`, {
        method: 'POST',
        body: JSON.stringify(finding(i)),
        headers: { 'content-type': 'application/json', [API_KEY_HEADER]: CANARY.eventBridgeApiKey },
      }).catch(() => undefined);
      const status = res?.status ?? 0;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status === 202) accepted.push(i);
    };
    h.slack.faults.set({ latencyMs: 1_000, methods: ['chat.postMessage'] });
    for (let k = 0; k < BEFORE_OUTAGE; k++) await sendOne();
    // Posts are in flight now (each answered after 1 s): kill Redis under them.
    for (let k = 0; k < 100 && h.slack.store.callsTo('chat.postMessage').length === 0; k++) await sleep(20);
    redis.kill();
    for (let k = 0; k < 20; k++) {
      await sendOne();
      await sleep(20);
    }
    await redis.restart();
    for (let k = 0; k < 200 && (statuses.get(202) ?? 0) < 2 * BEFORE_OUTAGE; k++) {
      await sendOne();
      await sleep(20);
    }
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0);
    expect([...statuses.keys()].every((s) => s === 202 || s === 503)).toBe(true);

    const prefix = `${h.bot.ctx.config.redis.prefix}:inc:dedupe:`;
    const processed = async () => {
      const ids = await Promise.all(
        accepted.map((i) => h.bot.ctx.redis.exists(`${prefix}${finding(i).detail.id as string}`)),
      );
      return ids.filter(Boolean).length;
    };
    // Jobs a worker held when Redis died come back through BullMQ's stalled-job check (lock 30 s,
    // check every 30 s), so allow up to 100 s.
    for (let k = 0; k < 1_000 && (await processed()) < accepted.length; k++) await sleep(100);
    expect(await processed()).toBe(accepted.length);
    expect((await fetch(`${h.bot.url}/readyz`)).status).toBe(200);

    // One card per incident, however the outage cut the posts.
    const cardsOf = () => {
      const counts = new Map<string, number>();
      for (const m of h.slack.store.messagesIn(h.bot.ctx.config.channels.default ?? '')) {
        const id = (m.metadata as { event_payload?: { incident_id?: string } } | undefined)?.event_payload
          ?.incident_id;
        if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    };
    const incidents = (await h.bot.ctx.redis.keys(`${h.bot.ctx.config.redis.prefix}:inc:incident:*`)).length;
    // Each incident posts its card and a thread entry through one channel's budget (1 per second).
    for (let k = 0; k < 2_400 && cardsOf().size < incidents; k++) await sleep(100);
    await sleep(1_500);
    expect(cardsOf().size).toBe(incidents);
    expect([...cardsOf().values()].filter((count) => count > 1)).toEqual([]);
  });
});
