import { mkdirSync } from 'node:fs';
import { cardCount, cardFinding } from './lib/card-reading.js';
import { type BenchContext, percentile, round, type Scenario } from './lib/harness.js';
import { type ProcessRig, startProcessRig } from './lib/process-rig.js';
import { commandsPerAlert, samplePerAlert } from './lib/redis-profile.js';
import { findingEvent, sleep } from './lib/rig.js';
import { measureQueueBaseline } from './queue-baseline.js';

/**
 * 20,000 GuardDuty findings (2,000 distinct, 10 occurrences each) posted to /intake/eventbridge
 * and carried through normalization, the incident engine and the outbox to the Slack stand-in.
 * The bot runs as deployed (a `web` and a `worker` process of the built CLI); the stand-in runs
 * in its own process and this one only generates load, so the figures are the bot's. Findings
 * are spread over 200 accounts routed to 200 channels, so Slack's per-channel budget (about 1
 * post per second) is not what is measured. Compared with bare BullMQ on the same Redis.
 */
const DISTINCT = 2_000;
const OCCURRENCES = 10;
const CHANNELS = 200;
const BATCH = 100;

export const benchAccount = (i: number, channels: number) => String(100000000000 + (i % channels));
export const benchChannel = (i: number) => `C0BENCH${String(i).padStart(4, '0')}`;

/** Routes account i to channel i, for `channels` accounts. */
export function routingFor(channels: number): string {
  const rules = Array.from(
    { length: channels },
    (_, i) =>
      `    - match: { account: "${benchAccount(i, channels)}" }\n      channels: [${benchChannel(i)}]`,
  );
  return `routing:\n  rules:\n${rules.join('\n')}`;
}

/** A profiled run watches Redis (MONITOR) for this long out of every SAMPLE_EVERY_MS. */
const SAMPLE_WINDOW_MS = 500;
const SAMPLE_EVERY_MS = 5_000;

export async function runPipeline(
  context: Pick<BenchContext, 'redisUrl' | 'profileDir' | 'concurrency'>,
  workers = 1,
) {
  const { redisUrl, profileDir, concurrency } = context;
  const baseline = await measureQueueBaseline(redisUrl);
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const rig = await startProcessRig({
    redisUrl,
    channels: Array.from({ length: CHANNELS }, (_, i) => benchChannel(i)),
    routingYaml: routingFor(CHANNELS),
    workers,
    ...(concurrency ? { concurrency } : {}),
    ...(profileDir ? { workerCpuProfileDir: profileDir } : {}),
  });
  try {
    const result = await drive(rig, profileDir !== undefined);
    return {
      ...result,
      workers,
      ...(concurrency ? { concurrency } : {}),
      ...(profileDir ? { profiled: true } : {}),
      ratio_to_baseline: round(result.alerts_per_s / baseline.jobs_per_s, 2),
      baseline_jobs_per_s: baseline.jobs_per_s,
    };
  } finally {
    await rig.stop();
  }
}

async function drive(rig: ProcessRig, profile: boolean) {
  // When each finding was first sent, to time intake -> its card's chat.postMessage.
  const firstSent = new Map<string, number>();
  const latencies: number[] = [];
  rig.onCardEvent((event) => {
    if (event.e !== 'post') return;
    const id = cardFinding(event.blocks);
    const sent = id ? firstSent.get(id) : undefined;
    if (sent !== undefined) latencies.push(event.t - sent);
  });
  const events: Array<{ n: number; event: unknown }> = [];
  for (let c = 1; c <= OCCURRENCES; c++)
    for (let n = 0; n < DISTINCT; n++)
      events.push({ n, event: findingEvent(n, c, String(100000000000 + (n % CHANNELS))) });
  const batches: Array<Array<{ n: number; event: unknown }>> = [];
  for (let i = 0; i < events.length; i += BATCH) batches.push(events.slice(i, i + BATCH));

  const cpuBefore = rig.botCpuSeconds();
  const redisCpuBefore = await rig.redisCpuSeconds();
  const netBefore = await rig.redisNetBytes();
  const standInCpuBefore = rig.standInCpuSeconds();
  const benchCpuBefore = process.cpuUsage();
  const statsBefore = await rig.redisCommandStats();
  const commandsBefore = await rig.redisCommands();
  const started = performance.now();
  const sampling = profile ? rig.sampleRedisCommands(SAMPLE_WINDOW_MS, SAMPLE_EVERY_MS) : undefined;
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < batches.length) {
        const batch = batches[next++] ?? [];
        const now = performance.timeOrigin + performance.now();
        for (const { n } of batch) {
          const id = `bench${String(n).padStart(27, '0')}`;
          if (!firstSent.has(id)) firstSent.set(id, now);
        }
        const status = await rig.post(batch.map((b) => b.event));
        if (status !== 202) throw new Error(`intake answered ${status}`);
      }
    }),
  );
  while (!(await rig.queueIdle('alerts'))) await sleep(20);
  const alertsDone = performance.now();
  // Who used the machine's cores while the alerts were applied: the bottleneck, when one is at 1.
  const cpuInAlertPhase = rig.botCpuSeconds();
  const redisCpuInAlertPhase = await rig.redisCpuSeconds();
  const netInAlertPhase = await rig.redisNetBytes();
  const alertPhaseSeconds = (alertsDone - started) / 1000;
  const cores = (used: number) => round(used / alertPhaseSeconds, 2);
  const alertPhaseCores = {
    ...Object.fromEntries(
      Object.keys(cpuBefore).map((role) => [
        role,
        cores((cpuInAlertPhase[role] ?? 0) - (cpuBefore[role] ?? 0)),
      ]),
    ),
    redis: cores(redisCpuInAlertPhase - redisCpuBefore),
    stand_in: cores(rig.standInCpuSeconds() - standInCpuBefore),
    // This process: the load generator (and the stand-in's card events it reads).
    bench: cores(cpuSecondsSince(benchCpuBefore)),
  };
  const deadline = Date.now() + 120_000;
  while (!(await rig.queueIdle('slack-outbox')) && Date.now() < deadline) await sleep(100);
  // Costs are read once everything has settled, so the outbox's work counts too.
  const cpuSettled = rig.botCpuSeconds();
  const redisCpuSettled = await rig.redisCpuSeconds();
  const commandsSettled = await rig.redisCommands();
  const statsAfter = await rig.redisCommandStats();
  const sampled = await sampling?.stop();
  const totals = await rig.incidentTotals();
  const slack = await rig.slackStats();
  // Cards are the top-level posts; each incident's runbook is also posted, as its thread's first reply.
  const cardPosts = rig.cardEvents.filter((e) => e.e === 'post').length;
  // What each card shows last (events arrive in the order the stand-in took them): every card
  // must end at its finding's full count, or an update was lost.
  const lastShown = new Map<string, number | undefined>();
  for (const event of rig.cardEvents) lastShown.set(`${event.channel}/${event.ts}`, cardCount(event.blocks));
  const cardsNotFinal = [...lastShown.values()].filter((count) => count !== OCCURRENCES).length;
  const rss = rig.botRssMb();
  latencies.sort((a, b) => a - b);
  const per1000 = (role: string) =>
    round((((cpuSettled[role] ?? 0) - (cpuBefore[role] ?? 0)) / events.length) * 1000, 2);
  const workerCpu = Object.keys(cpuBefore)
    .filter((role) => role.startsWith('worker'))
    .reduce((sum, role) => sum + per1000(role), 0);
  const commandsPerAlertTotal = (commandsSettled - commandsBefore) / events.length;
  return {
    alerts: events.length,
    alerts_per_s: round(events.length / ((alertsDone - started) / 1000)),
    cpu_s_per_1000_alerts_web: per1000('web'),
    cpu_s_per_1000_alerts_workers: round(workerCpu, 2),
    cpu_s_per_1000_alerts_redis: round(((redisCpuSettled - redisCpuBefore) / events.length) * 1000, 2),
    // CPU used while the alerts were applied, in cores, per process (this one, the load generator, as `bench`).
    alert_phase_cores: alertPhaseCores,
    redis_commands_per_alert: round(commandsPerAlertTotal, 1),
    // Bytes every client sent Redis and Redis sent back while the alerts were applied, per alert.
    redis_bytes_in_per_alert: Math.round((netInAlertPhase.input - netBefore.input) / events.length),
    redis_bytes_out_per_alert: Math.round((netInAlertPhase.output - netBefore.output) / events.length),
    // Which commands those are (Lua-internal calls counted under their own name).
    redis_top_commands_per_alert: commandsPerAlert(statsBefore, statsAfter, events.length),
    // Profiled runs: which client command or script issued them (MONITOR sample scaled to the run).
    ...(sampled ? { redis_by_script_per_alert: samplePerAlert(sampled, commandsPerAlertTotal) } : {}),
    p50_ms: round(percentile(latencies, 50)),
    p99_ms: round(percentile(latencies, 99)),
    incidents: totals.incidents,
    card_posts: cardPosts,
    slack_posts: slack.posts,
    slack_updates: slack.updates,
    duplicate_cards: Math.max(0, cardPosts - totals.incidents),
    cards_not_final: cardsNotFinal,
    lost_alerts: DISTINCT * OCCURRENCES - totals.occurrences,
    rss_mb_web: rss.web ?? 0,
    rss_mb_worker: rss.worker1 ?? 0,
    seconds_total: round((performance.now() - started) / 1000, 1),
  };
}

/** CPU seconds (user + system) this process used since `before` (`process.cpuUsage()`). */
function cpuSecondsSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

export const pipeline: Scenario = {
  name: 'pipeline',
  run: (context) => runPipeline(context),
};
