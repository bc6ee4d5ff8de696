import { createInterface } from 'node:readline';
import { z } from 'zod';
import { createSlackStandIn } from '../../src/sandbox/slack-api/index.js';
import { runSlackRequestLoad, SlackRequestLoadSchema } from './slack-request-load.js';

/**
 * The Slack API stand-in in a process of its own, so the benchmarks charge the bot only for the
 * bot's work. Started by `process-rig.ts`, it speaks JSON lines:
 * - stdout: `{"ready":…}` once, then one line per card posted or updated (`e`, epoch ms `t`,
 *   channel, ts, and the blocks as JSON so the rig can read which finding and count they show);
 * - stdin: `stats` answers `{"stats":…}` with the count of successful posts and updates;
 *   `{"slackRequests":…}` (a SlackRequestLoad) sends Slack's signed requests to the bot and
 *   answers `{"slackRequestsDone":…}` with their timings, or `{"slackRequestsFailed":"why"}`.
 * Channels and users come from the `BENCH_STAND_IN` environment variable.
 */
interface StandInSetup {
  readonly channels: readonly string[];
  readonly users: ReadonlyArray<{ id: string; name: string }>;
}

const setup = JSON.parse(process.env.BENCH_STAND_IN ?? '{}') as StandInSetup;
const slack = createSlackStandIn({
  users: [...setup.users],
  channels: setup.channels.map((id, i) => ({ id, name: `bench-${i}` })),
});
await slack.start();

const epochMs = () => performance.timeOrigin + performance.now();
const write = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`);

slack.store.on('message', (m) => {
  if (!m.threadTs) write({ e: 'post', t: epochMs(), channel: m.channel, ts: m.ts, blocks: m.blocks ?? [] });
});
slack.store.on('message_changed', (m) => {
  if (!m.threadTs) write({ e: 'update', t: epochMs(), channel: m.channel, ts: m.ts, blocks: m.blocks ?? [] });
});

write({
  ready: true,
  apiUrl: slack.apiUrl,
  botToken: slack.options.botToken,
  signingSecret: slack.options.signingSecret,
});

const ok = (method: string) => slack.store.callsTo(method).filter((c) => c.outcome === 'ok').length;
const Command = z.object({ slackRequests: SlackRequestLoadSchema });

/** Not awaited by the reader, so `stats` is still answered while requests are being sent. */
function sendSlackRequests(line: string): void {
  let load: z.infer<typeof Command>['slackRequests'];
  try {
    load = Command.parse(JSON.parse(line)).slackRequests;
  } catch (error) {
    write({ slackRequestsFailed: `not a slackRequests command: ${String(error)}` });
    return;
  }
  runSlackRequestLoad(slack.sender, load).then(
    (result) => write({ slackRequestsDone: result }),
    (error: unknown) => write({ slackRequestsFailed: String(error) }),
  );
}

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'stats')
    write({ stats: { posts: ok('chat.postMessage'), updates: ok('chat.update') } });
  else if (line.startsWith('{')) sendSlackRequests(line);
}
// stdin closed: the rig is done with us.
await slack.stop();
