import { cardCount } from './lib/card-reading.js';
import { round, type Scenario } from './lib/harness.js';
import { findingEvent, incidentTotals, queueIdle, type Rig, sleep, startRig } from './lib/rig.js';
import {
  LARGE_STORM,
  SMALL_STORM,
  type StormSpec,
  sendStorm,
  settleBudgetMs,
  stormChannels,
  stormRouting,
} from './lib/storm-shape.js';

/**
 * An alert storm: many occurrences of a few findings sent as fast as a storm sends them, routed
 * to few channels. Measures what Slack sees: posts, updates, the per-channel posting rate,
 * duplicates, losses, and how long until every card shows its final count.
 * - `storm`: 10,000 occurrences of 50 findings within 10 s, all in one channel;
 * - `storm-large`: 100,000 occurrences of 500 findings as fast as the intake takes them, over 10
 *   channels (50 cards each: in one channel Slack's 1 post per second alone would take 500 s).
 * Both run the bot in one process with the stand-in (rig.ts); `ack-latency` runs `storm-large`
 * against the bot as deployed (process-rig.ts).
 */
async function runStorm(rig: Rig, spec: StormSpec = SMALL_STORM): Promise<Record<string, number>> {
  const started = performance.now();
  const sentIn = await sendStorm((events) => rig.post(events), spec, findingEvent);
  const channels = stormChannels(spec);
  const cardsNow = () => channels.flatMap((channel) => rig.slack.store.messagesIn(channel));
  const deadline = Date.now() + settleBudgetMs(spec);
  let settled = 0;
  while (Date.now() < deadline) {
    const cards = cardsNow().filter((m) => !m.threadTs);
    if (
      cards.length >= spec.findings &&
      cards.every((m) => cardCount(m.blocks ?? []) === spec.perFinding) &&
      (await queueIdle(rig, 'alerts'))
    ) {
      settled = (performance.now() - started) / 1000;
      break;
    }
    await sleep(250);
  }
  const totals = await incidentTotals(rig);
  const cards = cardsNow().filter((m) => !m.threadTs);
  const okCalls = (method: string, channel: string) =>
    rig.slack.store.callsTo(method).filter((c) => c.outcome === 'ok' && c.channel === channel);
  const posts = channels.flatMap((channel) => okCalls('chat.postMessage', channel));
  const updates = channels.flatMap((channel) => okCalls('chat.update', channel));
  const busiest = channels.map((channel) =>
    okCalls('chat.postMessage', channel)
      .map((c) => c.at.getTime())
      .sort((a, b) => a - b),
  );
  return {
    findings: spec.findings,
    occurrences: spec.findings * spec.perFinding,
    channels: spec.channels,
    seconds_to_send: round(sentIn, 1),
    slack_posts: posts.length,
    slack_updates: updates.length,
    updates_per_card: round(updates.length / spec.findings, 1),
    max_posts_per_s_per_channel: round(Math.max(...busiest.map((t) => maxInWindow(t, 10_000))) / 10, 2),
    peak_posts_in_1s: Math.max(...busiest.map((t) => maxInWindow(t, 1_000))),
    // Cards are the top-level messages; each incident's runbook is its thread's first reply.
    card_posts: cards.length,
    duplicate_cards: Math.max(0, cards.length - totals.incidents),
    lost_alerts: spec.findings * spec.perFinding - totals.occurrences,
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

function stormRig(redisUrl: string, spec: StormSpec = SMALL_STORM): Promise<Rig> {
  return startRig({ redisUrl, channels: stormChannels(spec), routingYaml: stormRouting(spec) });
}

function stormScenario(name: string, spec: StormSpec): Scenario {
  return {
    name,
    async run({ redisUrl }) {
      const rig = await stormRig(redisUrl, spec);
      try {
        return await runStorm(rig, spec);
      } finally {
        await rig.stop();
      }
    },
  };
}

export const storm = stormScenario('storm', SMALL_STORM);
export const stormLarge = stormScenario('storm-large', LARGE_STORM);
