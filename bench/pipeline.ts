import { percentile, round, type Scenario, trackPeakRss } from './lib/harness.js';
import { findingEvent, incidentTotals, queueIdle, type Rig, sleep, startRig } from './lib/rig.js';
import { measureQueueBaseline } from './queue-baseline.js';

/**
 * 20,000 GuardDuty findings (2,000 distinct, 10 occurrences each) posted to /intake/eventbridge
 * and carried through normalization, the incident engine and the outbox to the Slack stand-in.
 * Findings are spread over 200 accounts routed to 200 channels, so Slack's per-channel budget
 * (about 1 post per second) is not what is measured. Compared with bare BullMQ on the same Redis.
 */
const DISTINCT = 2_000;
const OCCURRENCES = 10;
const CHANNELS = 200;
const BATCH = 100;

const account = (i: number) => String(100000000000 + (i % CHANNELS));
const channel = (i: number) => `C0BENCH${String(i).padStart(4, '0')}`;

export async function runPipeline(redisUrl: string): Promise<Record<string, number>> {
  const baseline = await measureQueueBaseline(redisUrl);
  const routingYaml = `routing:\n  rules:\n${Array.from({ length: CHANNELS }, (_, i) => `    - match: { account: "${account(i)}" }\n      channels: [${channel(i)}]`).join('\n')}`;
  const rig = await startRig({
    redisUrl,
    channels: Array.from({ length: CHANNELS }, (_, i) => channel(i)),
    routingYaml,
  });
  try {
    const { result, peakRssMb } = await trackPeakRss(() => drive(rig));
    return {
      ...result,
      ratio_to_baseline: round(result.alerts_per_s / baseline.jobs_per_s, 2),
      baseline_jobs_per_s: baseline.jobs_per_s,
      peak_rss_mb: peakRssMb,
    };
  } finally {
    await rig.stop();
  }
}

async function drive(rig: Rig) {
  // When each finding was first sent, to time intake -> its card's chat.postMessage.
  const firstSent = new Map<string, number>();
  const latencies: number[] = [];
  rig.slack.store.on('message', (m) => {
    const id = /bench finding (bench\d+)/.exec(JSON.stringify(m.blocks ?? []))?.[1];
    const sent = id ? firstSent.get(id) : undefined;
    if (sent !== undefined) latencies.push(performance.now() - sent);
  });
  const events: Array<{ n: number; event: unknown }> = [];
  for (let c = 1; c <= OCCURRENCES; c++)
    for (let n = 0; n < DISTINCT; n++) events.push({ n, event: findingEvent(n, c, account(n)) });
  const started = performance.now();
  const batches: Array<Array<{ n: number; event: unknown }>> = [];
  for (let i = 0; i < events.length; i += BATCH) batches.push(events.slice(i, i + BATCH));
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < batches.length) {
        const batch = batches[next++] ?? [];
        const now = performance.now();
        for (const { n } of batch)
          if (!firstSent.has(`bench${String(n).padStart(27, '0')}`))
            firstSent.set(`bench${String(n).padStart(27, '0')}`, now);
        const status = await rig.post(batch.map((b) => b.event));
        if (status !== 202) throw new Error(`intake answered ${status}`);
      }
    }),
  );
  while (!(await queueIdle(rig, 'alerts'))) await sleep(20);
  const alertsDone = performance.now();
  const deadline = Date.now() + 90_000;
  while (!(await queueIdle(rig, 'slack-outbox')) && Date.now() < deadline) await sleep(100);
  const totals = await incidentTotals(rig);
  const posts = rig.slack.store.callsTo('chat.postMessage').filter((c) => c.outcome === 'ok').length;
  const updates = rig.slack.store.callsTo('chat.update').filter((c) => c.outcome === 'ok').length;
  latencies.sort((a, b) => a - b);
  return {
    alerts: events.length,
    alerts_per_s: round(events.length / ((alertsDone - started) / 1000)),
    p50_ms: round(percentile(latencies, 50)),
    p99_ms: round(percentile(latencies, 99)),
    incidents: totals.incidents,
    slack_posts: posts,
    slack_updates: updates,
    duplicate_cards: Math.max(0, posts - totals.incidents),
    lost_alerts: DISTINCT * OCCURRENCES - totals.occurrences,
    seconds_total: round((performance.now() - started) / 1000, 1),
  };
}

export const pipeline: Scenario = {
  name: 'pipeline',
  run: ({ redisUrl }) => runPipeline(redisUrl),
};
