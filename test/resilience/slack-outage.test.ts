import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import { composer } from '../../src/main/compose.js';
import { CANARY } from '../support/config.js';
import { type Harness, startHarness, TEST_CHANNEL } from '../support/harness.js';

/**
 * Slack cannot be reached at all while alerts arrive, for longer than it takes the old retry
 * budget (8 attempts) to run out; when it comes back, its first answers are lost after it
 * performed the posts. Every incident still gets exactly one card, and no card job spent an
 * attempt on the outage: the budget is measured instead of waiting ten real minutes, since a job
 * that spends nothing during an outage survives one of any length.
 */
const FINDINGS = 6;
const template = JSON.parse(
  readFileSync(
    new URL('../fixtures/alerts/guardduty/eventbridge-redacted-dns.json', import.meta.url),
    'utf8',
  ),
) as { detail: Record<string, unknown> };
const finding = (n: number) => ({
  ...template,
  id: `evt-outage-${n}`,
  detail: {
    ...template.detail,
    id: `outage${String(n).padStart(26, '0')}`,
    updatedAt: new Date(Date.UTC(2026, 11, 1) + n).toISOString(),
    resource: {
      resourceType: 'Instance',
      instanceDetails: { instanceId: `i-${(n + 4096).toString(16).padStart(17, '0')}` },
    },
  },
});

describe('a Slack outage, then lost answers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: { WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey },
      compose: composer({ cardUpdateIntervalMs: 200 }),
    });
  });
  afterAll(async () => {
    h.slack.faults.clear();
    await h.stop();
  });

  const cardCounts = () => {
    const counts = new Map<string, number>();
    for (const m of h.slack.store.messagesIn(TEST_CHANNEL)) {
      const id = (m.metadata as { event_payload?: { incident_id?: string } } | undefined)?.event_payload
        ?.incident_id;
      if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  };

  it('posts every card exactly once and spends no attempt on the outage', { timeout: 120_000 }, async () => {
    h.slack.faults.set({ unreachable: true });
    for (let n = 0; n < FINDINGS; n++) {
      const res = await fetch(`${h.bot.url}/intake/eventbridge`, {
        method: 'POST',
        body: JSON.stringify(finding(n)),
        headers: { 'content-type': 'application/json', [API_KEY_HEADER]: CANARY.eventBridgeApiKey },
      });
      expect(res.status).toBe(202);
    }
    const outbox = h.bot.ctx.queues['slack-outbox'];
    // Long enough for the old handling to have spent several attempts of every card job.
    let waiting: Awaited<ReturnType<typeof outbox.getJobs>> = [];
    for (let k = 0; k < 400; k++) {
      waiting = (await outbox.getJobs(['delayed', 'waiting', 'active'])).filter(
        (j) => j.name === 'slack.card.sync' && ((j.data as { outageDelays?: number }).outageDelays ?? 0) >= 3,
      );
      if (waiting.length >= FINDINGS) break;
      await sleep(100);
    }
    expect(waiting.length).toBeGreaterThanOrEqual(FINDINGS);
    expect(waiting.map((j) => j.attemptsMade)).toEqual(waiting.map(() => 0));
    expect(cardCounts().size).toBe(0);

    // Slack is back, but the answers to its first two posts are lost after it made them.
    h.slack.faults.set({ failAfterPerforming: 2, methods: ['chat.postMessage'] });
    for (let k = 0; k < 600 && cardCounts().size < FINDINGS; k++) await sleep(100);
    await sleep(2_000);
    expect(cardCounts().size).toBe(FINDINGS);
    expect([...cardCounts().entries()].filter(([, count]) => count > 1)).toEqual([]);
    expect(await outbox.getJobs(['failed'])).toEqual([]);
  });
});
