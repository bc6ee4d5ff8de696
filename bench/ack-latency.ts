import { INCIDENT_ACTION_IDS } from '../src/incidents/card/ids.js';
import { percentile, round, type Scenario } from './lib/harness.js';
import { RESPONDER, sleep } from './lib/rig.js';
import { LARGE_STORM, runStorm, STORM_CHANNEL, stormRig } from './storm.js';

/**
 * Slack's 3-second rule under load: 1,000 slash commands and 1,000 button clicks, 50 per second,
 * sent as signed HTTP requests while the `storm-large` storm (100,000 occurrences) runs. Figures: request to HTTP response.
 */
const REQUESTS = 2_000;
const PER_SECOND = 50;

export const ackLatency: Scenario = {
  name: 'ack-latency',
  async run({ redisUrl }) {
    const rig = await stormRig(redisUrl, LARGE_STORM);
    try {
      const storm = runStorm(rig, LARGE_STORM);
      // Clicks need a card to click on: wait for the storm's first one.
      let cardTs: string | undefined;
      while (!cardTs) {
        cardTs = rig.slack.store.messagesIn(STORM_CHANNEL)[0]?.ts;
        if (!cardTs) await sleep(20);
      }
      const latencies: number[] = [];
      const failures = { count: 0 };
      const started = performance.now();
      const inFlight: Promise<void>[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        await sleep(Math.max(0, started + (i * 1000) / PER_SECOND - performance.now()));
        const send =
          i % 2 === 0
            ? rig.slack.sender.sendSlashCommand({
                command: '/watchkeeper',
                text: 'help',
                userId: RESPONDER,
                channelId: STORM_CHANNEL,
              })
            : rig.slack.sender.sendBlockActions({
                userId: RESPONDER,
                channelId: STORM_CHANNEL,
                messageTs: cardTs,
                actions: [{ actionId: INCIDENT_ACTION_IDS.escalate }],
              });
        inFlight.push(
          send.then(
            (result) => {
              latencies.push(result.elapsedMs);
              if (result.status !== 200) failures.count += 1;
            },
            () => {
              failures.count += 1;
            },
          ),
        );
      }
      await Promise.all(inFlight);
      await storm;
      latencies.sort((a, b) => a - b);
      return {
        requests: REQUESTS,
        per_second: PER_SECOND,
        p50_ms: round(percentile(latencies, 50)),
        p99_ms: round(percentile(latencies, 99)),
        max_ms: round(latencies.at(-1) ?? 0),
        non_200: failures.count,
      };
    } finally {
      await rig.stop();
    }
  },
};
