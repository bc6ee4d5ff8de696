import { INCIDENT_ACTION_IDS } from '../src/incidents/card/ids.js';
import { percentile, round, type Scenario } from './lib/harness.js';
import { type ProcessRig, startProcessRig } from './lib/process-rig.js';
import { startProcessStorm } from './lib/process-storm.js';
import { findingEvent, RESPONDER } from './lib/rig.js';
import { LARGE_STORM, STORM_CHANNEL, stormChannels, stormRouting } from './lib/storm-shape.js';

/**
 * Slack's 3-second rule under load, the bot as deployed (process-rig.ts: a `web` and a `worker`
 * process of the built CLI, the Slack stand-in in a process of its own): 1,000 `/watchkeeper help`
 * slash commands and 1,000 Escalate clicks on a real storm card, alternating, 50 per second, sent
 * as signed HTTP requests to the web process while the `storm-large` storm (100,000 occurrences)
 * is posted to its intake. The requests are sent and timed by the stand-in's own sender inside
 * the stand-in process (it issues their trigger ids and response URLs and holds the card); this
 * process only sends the storm. They start once the storm's first card is posted.
 * Figures: `p50_ms`, `p99_ms`, `max_ms` from request to HTTP response, `non_200`, the p99 of
 * each kind (`command_p99_ms`, `click_p99_ms`); the rig's health while sending — how late the
 * sender's event loop ran (`sender_loop_delay_*`) and the cores each process used (`cores_*`: on
 * a machine with fewer cores than busy processes the timings include waiting for one); and the
 * storm's `storm_seconds_to_send`, `storm_seconds_to_settle`, `storm_card_posts`,
 * `storm_duplicate_cards`, `storm_lost_alerts`, `storm_cards_not_final` (see process-storm.ts).
 */
const REQUESTS = 2_000;
const PER_SECOND = 50;

const benchCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
/** CPU seconds so far of every process in the run: the bot's by role, the stand-in's and this one's. */
const cpuSeconds = (rig: ProcessRig): Record<string, number> => ({
  ...rig.botCpuSeconds(),
  standIn: rig.standInCpuSeconds(),
  bench: benchCpuSeconds(),
});

export const ackLatency: Scenario = {
  name: 'ack-latency',
  async run({ redisUrl }) {
    const rig = await startProcessRig({
      redisUrl,
      channels: stormChannels(LARGE_STORM),
      routingYaml: stormRouting(LARGE_STORM),
    });
    try {
      const storm = startProcessStorm(rig, LARGE_STORM, findingEvent);
      const card = await storm.firstCardIn(STORM_CHANNEL);
      const cpuBefore = cpuSeconds(rig);
      const sendingStarted = performance.now();
      const sent = await rig.sendSlackRequests({
        requests: REQUESTS,
        perSecond: PER_SECOND,
        userId: RESPONDER,
        channelId: STORM_CHANNEL,
        command: { name: '/watchkeeper', text: 'help' },
        click: { messageTs: card.ts, actionId: INCIDENT_ACTION_IDS.escalate },
      });
      const cpuAfter = cpuSeconds(rig);
      const sendingSeconds = (performance.now() - sendingStarted) / 1000;
      const stormFigures = await storm.done;
      const sorted = (ms: number[]) => [...ms].sort((a, b) => a - b);
      const latencies = sorted([...sent.commandMs, ...sent.clickMs]);
      const commands = sorted(sent.commandMs);
      const clicks = sorted(sent.clickMs);
      const cpuPerSecond = (role: string) =>
        round(((cpuAfter[role] ?? 0) - (cpuBefore[role] ?? 0)) / sendingSeconds, 2);
      return {
        requests: REQUESTS,
        per_second: PER_SECOND,
        p50_ms: round(percentile(latencies, 50)),
        p99_ms: round(percentile(latencies, 99)),
        max_ms: round(latencies.at(-1) ?? 0),
        non_200: sent.non200,
        command_p99_ms: round(percentile(commands, 99)),
        click_p99_ms: round(percentile(clicks, 99)),
        // Rig health: the sender's own lateness is in every timing above.
        sender_loop_delay_p99_ms: round(sent.senderLoopDelayP99Ms),
        sender_loop_delay_max_ms: round(sent.senderLoopDelayMaxMs),
        // Share of a core each process used while the requests were sent (storm included): on a
        // machine with fewer cores than busy processes, the timings include waiting for a core.
        cores_web: cpuPerSecond('web'),
        cores_worker: cpuPerSecond('worker1'),
        cores_stand_in: cpuPerSecond('standIn'),
        cores_bench: cpuPerSecond('bench'),
        rig: 'process',
        ...Object.fromEntries(Object.entries(stormFigures).map(([key, value]) => [`storm_${key}`, value])),
      };
    } finally {
      await rig.stop();
    }
  },
};
