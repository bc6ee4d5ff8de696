import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import { createSlackStandIn, type SlackStandIn } from '../../src/sandbox/slack-api/index.js';
import { CANARY } from '../support/config.js';
import { launchWatchkeeper, waitHealthy } from '../support/processes.js';
import { uniquePrefix } from '../support/redis.js';
import { freePort } from '../support/redis-server.js';

/**
 * Many replicas, as deployed: two `web`, three `worker` and two `scheduler` processes share one
 * Redis. Alerts arrive through both web replicas; afterwards there is one card per finding, each
 * escalation level is posted once, and the digest (scheduled every second) is posted once.
 */
const CHANNEL = 'C0REPLICAS';
const ESCALATIONS = 'C0ESCALATE';
const template = JSON.parse(
  readFileSync(
    new URL('../fixtures/alerts/guardduty/eventbridge-redacted-dns.json', import.meta.url),
    'utf8',
  ),
) as {
  detail: Record<string, unknown> & { service: Record<string, unknown> };
};
const occurrence = (n: number, count: number) => ({
  ...template,
  id: `evt-rep-${n}-${count}`,
  detail: {
    ...template.detail,
    id: `replica${String(n).padStart(25, '0')}`,
    title: `replica finding ${n}`,
    severity: 9.5,
    updatedAt: new Date(Date.UTC(2026, 10, 28) + n * 1000 + count).toISOString(),
    resource: {
      resourceType: 'Instance',
      instanceDetails: { instanceId: `i-${(n + 4096).toString(16).padStart(17, '0')}` },
    },
    service: { ...template.detail.service, count },
  },
});

describe('several replicas of every role', () => {
  let slack: SlackStandIn;
  const webPorts: number[] = [];
  const processes: ChildProcess[] = [];

  beforeAll(async () => {
    slack = createSlackStandIn({
      botToken: CANARY.botToken,
      signingSecret: CANARY.signingSecret,
      channels: [
        { id: CHANNEL, name: 'replicas' },
        { id: ESCALATIONS, name: 'escalations' },
      ],
    });
    await slack.start();
    const file = join(mkdtempSync(join(tmpdir(), 'wk-rep-')), 'watchkeeper.yaml');
    writeFileSync(
      file,
      [
        'escalation:',
        '  timeoutsMinutes: { critical: 0.05 }',
        '  levels: 2',
        `  channel: ${ESCALATIONS}`,
        // An on-call group to page: without one an incident escalates once, in its thread only.
        '  onCallUserGroup: S0REPONCALL',
        'digest:',
        '  schedules:',
        `    - { channel: ${CHANNEL}, cron: "* * * * * *", timeZone: UTC }`,
      ].join('\n'),
    );
    const prefix = uniquePrefix('rep');
    const launch = (role: string, port: number) => {
      processes.push(
        launchWatchkeeper(role, {
          prefix,
          slackApiUrl: slack.apiUrl,
          port,
          defaultChannel: CHANNEL,
          WATCHKEEPER_CONFIG: file,
        }),
      );
    };
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      webPorts.push(port);
      launch('web', port);
    }
    for (let i = 0; i < 3; i++) launch('worker', 0);
    for (let i = 0; i < 2; i++) launch('scheduler', 0);
    for (const port of webPorts) await waitHealthy(port);
  }, 90_000);
  afterAll(async () => {
    for (const child of processes) child.kill('SIGKILL');
    await slack.stop();
  });

  it('posts one card per finding, each escalation level once, and one digest', {
    timeout: 120_000,
  }, async () => {
    const FINDINGS = 10;
    for (let c = 1; c <= 20; c++) {
      const batch = Array.from({ length: FINDINGS }, (_, n) => occurrence(n, c));
      const port = webPorts[c % 2] as number;
      const res = await fetch(`http://127.0.0.1:${port}/intake/eventbridge`, {
        method: 'POST',
        body: JSON.stringify(batch),
        headers: { 'content-type': 'application/json', [API_KEY_HEADER]: CANARY.eventBridgeApiKey },
      });
      expect(res.status).toBe(202);
    }
    const cards = () =>
      slack.store.messagesIn(CHANNEL).filter((m) => /replica finding/.test(JSON.stringify(m.blocks ?? [])));
    const escalations = () => slack.store.messagesIn(ESCALATIONS);
    const digests = () =>
      slack.store
        .messagesIn(CHANNEL)
        .filter((m) => /Weekly security digest/.test(JSON.stringify(m.blocks ?? [])));
    // Critical incidents escalate after 3 s, twice; let every timer and a few digest ticks pass.
    for (
      let k = 0;
      k < 600 &&
      !(cards().length >= FINDINGS && escalations().length >= FINDINGS * 2 && digests().length >= 1);
      k++
    )
      await sleep(100);
    await sleep(4_000);
    expect(cards()).toHaveLength(FINDINGS);
    for (let n = 0; n < FINDINGS; n++) {
      const mine = new RegExp(`replica finding ${n}(?!\\d)`);
      expect(
        cards().filter((m) => mine.test(JSON.stringify(m.blocks ?? []))),
        `finding ${n}`,
      ).toHaveLength(1);
    }
    expect(escalations()).toHaveLength(FINDINGS * 2);
    expect(digests()).toHaveLength(1);
  });
});
