import { benchFindingId, cardCount, cardFinding } from './lib/card-reading.js';
import { percentile, round, type Scenario } from './lib/harness.js';
import { type ProcessRig, startProcessRig } from './lib/process-rig.js';
import { findingEvent, sleep } from './lib/rig.js';
import { benchAccount, benchChannel, routingFor } from './pipeline.js';

/**
 * What a responder feels on a normal day: alerts arrive steadily (not as a storm), one event per
 * HTTP request as EventBridge sends them, and each is timed from the start of its request to the
 * Slack call that shows it — a new finding to its card's chat.postMessage, a repeat occurrence to
 * the first chat.update that shows its count. 500 distinct findings over 50 channels, so Slack's
 * per-channel budget is not what is measured; a new finding every sixth alert at 50 alerts/s.
 * Run at 50 and at 200 alerts/s for 60 s each, the bot as deployed (see process-rig.ts).
 */
const SECONDS = 60;
const DISTINCT = 500;
const CHANNELS = 50;
const RATES = [50, 200] as const;

/** A seeded generator, so both runs send the same shape of traffic every time. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

export async function runLatency(redisUrl: string, rate: number): Promise<Record<string, number>> {
  const rig = await startProcessRig({
    redisUrl,
    channels: Array.from({ length: CHANNELS }, (_, i) => benchChannel(i)),
    routingYaml: routingFor(CHANNELS),
  });
  try {
    return await drive(rig, rate);
  } finally {
    await rig.stop();
  }
}

async function drive(rig: ProcessRig, rate: number) {
  const total = rate * SECONDS;
  const newEvery = Math.max(1, Math.floor(total / DISTINCT));
  const random = seeded(rate);
  // The finding n's base is offset per run so the two runs never share an incident.
  const base = rate * 10_000;
  const firstSent = new Map<string, number>();
  const pendingRepeats = new Map<string, Array<{ count: number; sentAt: number }>>();
  const postLatencies: number[] = [];
  const updateLatencies: number[] = [];
  rig.onCardEvent((event) => {
    const id = cardFinding(event.blocks);
    if (!id) return;
    if (event.e === 'post') {
      const sent = firstSent.get(id);
      if (sent !== undefined) postLatencies.push(event.t - sent);
    }
    const shown = cardCount(event.blocks) ?? 0;
    const pending = pendingRepeats.get(id);
    if (!pending) return;
    const still = pending.filter((p) => {
      if (p.count > shown) return true;
      updateLatencies.push(event.t - p.sentAt);
      return false;
    });
    pendingRepeats.set(id, still);
  });

  const counts: number[] = [];
  const inFlight: Promise<void>[] = [];
  let failed = 0;
  const started = performance.now();
  for (let k = 0; k < total; k++) {
    await sleep(Math.max(0, started + (k * 1000) / rate - performance.now()));
    const fresh = k % newEvery === 0 && counts.length < DISTINCT;
    const n = fresh ? counts.length : Math.floor(random() * counts.length);
    if (fresh) counts.push(0);
    counts[n] = (counts[n] ?? 0) + 1;
    const count = counts[n] ?? 1;
    const id = benchFindingId(base + n);
    const sentAt = performance.timeOrigin + performance.now();
    if (fresh) firstSent.set(id, sentAt);
    else pendingRepeats.set(id, [...(pendingRepeats.get(id) ?? []), { count, sentAt }]);
    inFlight.push(
      rig.post([findingEvent(base + n, count, benchAccount(n, CHANNELS))]).then(
        (status) => {
          if (status !== 202) failed += 1;
        },
        () => {
          failed += 1;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  const deadline = Date.now() + 60_000;
  while (
    Date.now() < deadline &&
    (postLatencies.length < counts.length || [...pendingRepeats.values()].some((p) => p.length > 0))
  )
    await sleep(100);
  postLatencies.sort((a, b) => a - b);
  updateLatencies.sort((a, b) => a - b);
  return {
    alerts_per_s: rate,
    seconds: SECONDS,
    alerts: total,
    findings: counts.length,
    card_p50_ms: round(percentile(postLatencies, 50)),
    card_p99_ms: round(percentile(postLatencies, 99)),
    card_max_ms: round(postLatencies.at(-1) ?? 0),
    cards_timed: postLatencies.length,
    update_p50_ms: round(percentile(updateLatencies, 50)),
    update_p99_ms: round(percentile(updateLatencies, 99)),
    update_max_ms: round(updateLatencies.at(-1) ?? 0),
    repeats_timed: updateLatencies.length,
    repeats_never_shown: [...pendingRepeats.values()].reduce((sum, p) => sum + p.length, 0),
    failed_requests: failed,
  };
}

/** One JSON line per rate: `latency` runs both, each against a fresh rig. */
export const latency: Scenario = {
  name: 'latency',
  async run({ redisUrl }) {
    const runs: Record<string, number | string> = {};
    for (const rate of RATES) {
      const figures = await runLatency(redisUrl, rate);
      for (const [key, value] of Object.entries(figures)) runs[`at${rate}_${key}`] = value;
    }
    return runs;
  },
};
