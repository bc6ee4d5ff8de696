import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import { createSlackStandIn, type SlackStandIn } from '../../src/sandbox/slack-api/index.js';
import { CANARY } from '../support/config.js';
import { launchWatchkeeper, waitHealthy } from '../support/processes.js';
import { uniquePrefix } from '../support/redis.js';
import { clusterEnv, startRedisCluster, type TestCluster } from '../support/redis-cluster.js';
import { freePort } from '../support/redis-server.js';

/**
 * test/resilience/worker-killed on a real Redis Cluster: the built CLI as one `web` and two
 * `worker` processes in cluster mode; one worker is killed with SIGKILL while alerts flow.
 * Afterwards every finding has exactly one card showing every occurrence.
 */
const CHANNEL = 'C0CLUSTERKILL';
const FINDINGS = 20;
const PER_FINDING = 30;
const template = JSON.parse(
  readFileSync(
    new URL('../fixtures/alerts/guardduty/eventbridge-redacted-dns.json', import.meta.url),
    'utf8',
  ),
) as { detail: Record<string, unknown> & { service: Record<string, unknown> } };
const occurrence = (n: number, count: number) => {
  const at = new Date(Date.UTC(2026, 10, 28) + n * 1000 + count).toISOString();
  return {
    ...template,
    id: `evt-ckill-${n}-${count}`,
    detail: {
      ...template.detail,
      id: `c1usterki11${String(n).padStart(21, '0')}`,
      title: `cluster kill finding ${n}`,
      updatedAt: at,
      resource: {
        resourceType: 'Instance',
        instanceDetails: { instanceId: `i-${n.toString(16).padStart(17, '0')}` },
      },
      service: { ...template.detail.service, count, eventLastSeen: at },
    },
  };
};

const healthy = (port: number) =>
  fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
    (r) => r.ok,
    () => false,
  );

describe('a worker killed while alerts flow, on a Redis Cluster', () => {
  let cluster: TestCluster;
  let slack: SlackStandIn;
  let webPort = 0;
  const processes: ChildProcess[] = [];

  beforeAll(async () => {
    cluster = await startRedisCluster();
    slack = createSlackStandIn({
      botToken: CANARY.botToken,
      signingSecret: CANARY.signingSecret,
      channels: [{ id: CHANNEL, name: 'cluster-kill' }],
    });
    await slack.start();
    webPort = await freePort();
    const env = clusterEnv(cluster, uniquePrefix('ckill'));
    const launch = (role: string, port: number) =>
      processes.push(
        launchWatchkeeper(role, {
          ...env,
          prefix: env.WATCHKEEPER_QUEUE_PREFIX as string,
          slackApiUrl: slack.apiUrl,
          port,
          defaultChannel: CHANNEL,
        }),
      );
    launch('web', webPort);
    for (let i = 0; i < 2; i++) launch('worker', 0);
    // Four processes start at once on a shared machine: give them longer than waitHealthy's 10 s.
    for (let k = 0; k < 9 && !(await healthy(webPort)); k++) await waitHealthy(webPort);
    if (!(await healthy(webPort)))
      throw new Error(
        `the web process did not become healthy within 90 s (exit codes: ${processes.map((p) => p.exitCode).join(', ')})`,
      );
  }, 120_000);
  afterAll(async () => {
    for (const child of processes)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await slack?.stop();
    await cluster?.stop();
  });

  it('leaves exactly one card per finding and loses no occurrence', { timeout: 180_000 }, async () => {
    const events: unknown[] = [];
    for (let c = 1; c <= PER_FINDING; c++) for (let n = 0; n < FINDINGS; n++) events.push(occurrence(n, c));
    for (let i = 0; i < events.length; i += 50) {
      const res = await fetch(`http://127.0.0.1:${webPort}/intake/eventbridge`, {
        method: 'POST',
        body: JSON.stringify(events.slice(i, i + 50)),
        headers: { 'content-type': 'application/json', [API_KEY_HEADER]: CANARY.eventBridgeApiKey },
      });
      expect(res.status).toBe(202);
      if (i === 250) processes[1]?.kill('SIGKILL');
      await sleep(10);
    }
    // The card states the count; accept either wording the card has used.
    const final = new RegExp(`\\b${PER_FINDING} occurrences|Occurrences\\*\\\\n${PER_FINDING}\\b`);
    const settled = () => {
      const cards = slack.store.messagesIn(CHANNEL).filter((m) => !m.threadTs);
      return cards.length >= FINDINGS && cards.every((m) => final.test(JSON.stringify(m.blocks ?? [])));
    };
    // Jobs the killed worker held come back after BullMQ's stalled-job check (about 30 s).
    for (let k = 0; k < 1_500 && !settled(); k++) await sleep(100);
    const cards = slack.store.messagesIn(CHANNEL).filter((m) => !m.threadTs);
    expect(cards).toHaveLength(FINDINGS);
    for (let n = 0; n < FINDINGS; n++)
      expect(
        cards.filter((m) =>
          new RegExp(`cluster kill finding ${n}(?!\\d)`).test(JSON.stringify(m.blocks ?? [])),
        ),
        `finding ${n}`,
      ).toHaveLength(1);
    expect(settled()).toBe(true);
  });
});
