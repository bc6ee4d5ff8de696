import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import { createSlackStandIn, type SlackStandIn } from '../../src/sandbox/slack-api/index.js';
import { CANARY } from '../support/config.js';
import { launchWatchkeeper, waitHealthy } from '../support/processes.js';
import { testRedisClient, uniquePrefix } from '../support/redis.js';
import { freePort } from '../support/redis-server.js';

/**
 * Real processes, as deployed: one `web` and three `worker` processes (the built CLI) share one
 * Redis and the Slack stand-in. While 5,000 alerts flow, one worker is killed with SIGKILL, then
 * another. Afterwards every finding has exactly one card and every occurrence is counted.
 */
const CHANNEL = 'C0KILLTEST';
const FINDINGS = 50;
const PER_FINDING = 100;
const template = JSON.parse(
  readFileSync(
    new URL('../fixtures/alerts/guardduty/eventbridge-redacted-dns.json', import.meta.url),
    'utf8',
  ),
) as {
  detail: Record<string, unknown> & { service: Record<string, unknown> };
};
const occurrence = (n: number, count: number) => {
  const at = new Date(Date.UTC(2026, 10, 28) + n * 1000 + count).toISOString();
  return {
    ...template,
    id: `evt-kill-${n}-${count}`,
    detail: {
      ...template.detail,
      id: `killtest${String(n).padStart(24, '0')}`,
      title: `kill test finding ${n}`,
      updatedAt: at,
      resource: {
        resourceType: 'Instance',
        instanceDetails: { instanceId: `i-${n.toString(16).padStart(17, '0')}` },
      },
      service: { ...template.detail.service, count, eventLastSeen: at },
    },
  };
};

describe('workers killed while alerts flow', () => {
  const prefix = uniquePrefix('kill');
  const redis = testRedisClient();
  let slack: SlackStandIn;
  let webPort = 0;
  const processes: ChildProcess[] = [];

  function launch(role: string, port: number): ChildProcess {
    const child = launchWatchkeeper(role, {
      prefix,
      slackApiUrl: slack.apiUrl,
      port,
      defaultChannel: CHANNEL,
    });
    processes.push(child);
    return child;
  }

  beforeAll(async () => {
    slack = createSlackStandIn({
      botToken: CANARY.botToken,
      signingSecret: CANARY.signingSecret,
      channels: [{ id: CHANNEL, name: 'kill-test' }],
    });
    await slack.start();
    webPort = await freePort();
    launch('web', webPort);
    for (let i = 0; i < 3; i++) launch('worker', 0);
    await waitHealthy(webPort);
  }, 90_000);
  afterAll(async () => {
    for (const child of processes)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await slack.stop();
    redis.disconnect();
  });

  it('leaves exactly one card per finding and loses no occurrence', { timeout: 300_000 }, async () => {
    const events: unknown[] = [];
    for (let c = 1; c <= PER_FINDING; c++) for (let n = 0; n < FINDINGS; n++) events.push(occurrence(n, c));
    for (let i = 0; i < events.length; i += 100) {
      const res = await fetch(`http://127.0.0.1:${webPort}/intake/eventbridge`, {
        method: 'POST',
        body: JSON.stringify(events.slice(i, i + 100)),
        headers: { 'content-type': 'application/json', [API_KEY_HEADER]: CANARY.eventBridgeApiKey },
      });
      expect(res.status).toBe(202);
      if (i === 1_500) processes[1]?.kill('SIGKILL');
      if (i === 3_000) processes[2]?.kill('SIGKILL');
      await sleep(10);
    }
    const final = `*${PER_FINDING} occurrences*`;
    const settled = () => {
      const cards = slack.store.messagesIn(CHANNEL);
      return cards.length >= FINDINGS && cards.every((m) => JSON.stringify(m.blocks ?? []).includes(final));
    };
    // Jobs a killed worker held come back after BullMQ's stalled-job check (about 30 s); a card
    // whose first post the killed worker was making waits out its posting lock (60 s) before it is
    // searched for and adopted, and the channel's cards then share 1 post per second. Runs settle
    // in 140–150 s on the 2-core machine, so the wait is 240 s: a bound on liveness, not a figure.
    for (let k = 0; k < 2_400 && !settled(); k++) await sleep(100);
    const cards = slack.store.messagesIn(CHANNEL);
    expect(cards).toHaveLength(FINDINGS);
    for (let n = 0; n < FINDINGS; n++) {
      expect(
        cards.filter((m) => new RegExp(`kill test finding ${n}(?!\\d)`).test(JSON.stringify(m.blocks ?? []))),
        `finding ${n}`,
      ).toHaveLength(1);
    }
    expect(settled()).toBe(true);
  });
});
