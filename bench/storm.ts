import { round, type Scenario } from './lib/harness.js';
import { findingEvent, incidentTotals, queueIdle, type Rig, sleep, startRig } from './lib/rig.js';

/**
 * An alert storm: 10,000 occurrences of 50 findings within 10 s, all routed to one channel.
 * Measures what Slack sees: posts, updates, the per-channel posting rate, duplicates, losses,
 * and how long until every card shows its final count.
 */
const FINDINGS = 50;
const PER_FINDING = 200;
export const STORM_CHANNEL = 'C0STORM001';

export async function runStorm(rig: Rig): Promise<Record<string, number>> {
  const started = performance.now();
  const order: unknown[] = [];
  for (let c = 1; c <= PER_FINDING; c++)
    for (let n = 0; n < FINDINGS; n++) order.push(findingEvent(10_000 + n, c, '222233334444'));
  // 100 requests of 100 events over 10 seconds.
  for (let i = 0; i < order.length; i += 100) {
    const status = await rig.post(order.slice(i, i + 100));
    if (status !== 202) throw new Error(`intake answered ${status}`);
    await sleep(Math.max(0, started + (i / order.length) * 10_000 - performance.now()));
  }
  const sentIn = (performance.now() - started) / 1000;
  const finalText = `Occurrences*\\n${PER_FINDING}`;
  const deadline = Date.now() + 110_000;
  let settled = 0;
  while (Date.now() < deadline) {
    const cards = rig.slack.store.messagesIn(STORM_CHANNEL);
    if (
      cards.length >= FINDINGS &&
      cards.every((m) => JSON.stringify(m.blocks ?? []).includes(finalText)) &&
      (await queueIdle(rig, 'alerts'))
    ) {
      settled = (performance.now() - started) / 1000;
      break;
    }
    await sleep(250);
  }
  const totals = await incidentTotals(rig);
  const posts = rig.slack.store
    .callsTo('chat.postMessage')
    .filter((c) => c.outcome === 'ok' && c.channel === STORM_CHANNEL);
  const updates = rig.slack.store
    .callsTo('chat.update')
    .filter((c) => c.outcome === 'ok' && c.channel === STORM_CHANNEL);
  const times = posts.map((c) => c.at.getTime()).sort((a, b) => a - b);
  return {
    findings: FINDINGS,
    occurrences: FINDINGS * PER_FINDING,
    seconds_to_send: round(sentIn, 1),
    slack_posts: posts.length,
    slack_updates: updates.length,
    max_updates_per_card: round(updates.length / FINDINGS, 1),
    max_posts_per_s_per_channel: round(maxInWindow(times, 10_000) / 10, 2),
    peak_posts_in_1s: maxInWindow(times, 1_000),
    duplicate_cards: Math.max(0, posts.length - totals.incidents),
    lost_alerts: FINDINGS * PER_FINDING - totals.occurrences,
    seconds_to_settle: settled ? round(settled, 1) : -1,
  };
}

/** The most events in any window of `ms` (sustained rate over 10 s, burst over 1 s). */
function maxInWindow(times: readonly number[], ms: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= ms) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

export function stormRig(redisUrl: string): Promise<Rig> {
  return startRig({
    redisUrl,
    channels: [STORM_CHANNEL],
    routingYaml: `routing:\n  rules:\n    - match: { account: "222233334444" }\n      channels: [${STORM_CHANNEL}]`,
  });
}

export const storm: Scenario = {
  name: 'storm',
  async run({ redisUrl }) {
    const rig = await stormRig(redisUrl);
    try {
      return await runStorm(rig);
    } finally {
      await rig.stop();
    }
  },
};
