import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { CANARY } from './config.js';
import { testRedisUrl } from './redis.js';

/**
 * Watchkeeper as deployed: the built CLI (`npm test` builds dist/ first) started as its own
 * process with one role, pointed at the run's Redis and a Slack stand-in, with canary secrets.
 */
const bin = fileURLToPath(new URL('../../bin/watchkeeper.js', import.meta.url));

export function launchWatchkeeper(
  role: string,
  env: { prefix: string; slackApiUrl: string; port: number; defaultChannel: string } & Record<
    string,
    string | number
  >,
): ChildProcess {
  const { prefix, slackApiUrl, port, defaultChannel, ...extra } = env;
  return spawn(process.execPath, [bin, 'start', '--role', role], {
    env: {
      PATH: process.env.PATH,
      REDIS_URL: testRedisUrl(),
      WATCHKEEPER_QUEUE_PREFIX: prefix,
      SLACK_BOT_TOKEN: CANARY.botToken,
      SLACK_SIGNING_SECRET: CANARY.signingSecret,
      SLACK_API_URL: slackApiUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey,
      WATCHKEEPER_DEFAULT_CHANNEL: defaultChannel,
      WATCHKEEPER_GUARDDUTY_SYNC: 'false',
      // Several processes share this host: each takes any free admin port.
      WATCHKEEPER_ADMIN_PORT: '0',
      WATCHKEEPER_LOG_LEVEL: 'warn',
      ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])),
    },
    stdio: 'ignore',
  });
}

/**
 * Resolves once `/healthz` answers on the port. A loaded CI machine (two cores, several test files
 * at once) can take many seconds to start a process, so it waits up to a minute, then says so.
 */
export async function waitHealthy(port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await sleep(100);
  }
  throw new Error(`Watchkeeper on port ${port} did not answer /healthz within ${timeoutMs} ms`);
}
