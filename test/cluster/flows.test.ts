import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadLetterStore } from '../../src/alerts/intake/dead-letters.js';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import { INCIDENT_ACTION_IDS, RESOLVE_MODAL_IDS } from '../../src/incidents/card/ids.js';
import { composer } from '../../src/main/compose.js';
import { JobName } from '../../src/platform/queue/names.js';
import { createSamplePosturePort } from '../../src/sandbox/sample-account/posture.js';
import { validateMessageBlocks } from '../../src/sandbox/slack-api/block-kit/validate.js';
import type { StoredMessage } from '../../src/sandbox/slack-api/index.js';
import { CANARY } from '../support/config.js';
import { type Harness, RESPONDER, startHarness, TEST_CHANNEL } from '../support/harness.js';
import { uniquePrefix } from '../support/redis.js';
import { clusterEnv, startRedisCluster, type TestCluster } from '../support/redis-cluster.js';

/**
 * The production composition on a real three-primary Redis Cluster: EventBridge intake ->
 * incident engine (Lua commit) -> outbox -> card in the Slack stand-in, the card's buttons, an
 * escalation timer, and the weekly digest's claim. Afterwards every key Watchkeeper wrote is
 * under its hash-tagged prefix, in one slot: a key outside it, or a script or transaction across
 * slots, would have failed here with CROSSSLOT.
 */
const template = JSON.parse(
  readFileSync(
    new URL('../fixtures/alerts/guardduty/eventbridge-redacted-dns.json', import.meta.url),
    'utf8',
  ),
) as { id: string; detail: Record<string, unknown> & { service: Record<string, unknown> } };

function finding(findingId: string, count: number, severity = 8, instanceId = 'i-0c1a5be2c0ffee001') {
  const at = new Date(Date.UTC(2026, 10, 28, 10, 0, 0) + count * 1000).toISOString();
  return {
    ...template,
    id: `evt-${findingId}-${count}`,
    detail: {
      ...template.detail,
      id: findingId,
      severity,
      title: `cluster test finding ${findingId}`,
      updatedAt: at,
      resource: { resourceType: 'Instance', instanceDetails: { instanceId } },
      service: { ...template.detail.service, count, eventLastSeen: at },
    },
  };
}

async function eventually<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const blocksOf = (m: StoredMessage | undefined) => JSON.stringify(m?.blocks ?? []);

describe('Watchkeeper on a real Redis Cluster', () => {
  let cluster: TestCluster;
  let h: Harness;
  let configDir: string;
  const prefix = `{${uniquePrefix('cl')}}`;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    configDir = mkdtempSync(join(tmpdir(), 'wk-cluster-config-'));
    const configFile = join(configDir, 'watchkeeper.yaml');
    // Only critical incidents escalate, quickly, so the button tests' (high) incident stays put.
    writeFileSync(
      configFile,
      [
        'escalation:',
        '  timeoutsMinutes: { critical: 0.005, high: null, medium: null, low: null }',
        '  levels: 1',
        '  onCallUserGroup: S0ONCALL01',
        'digest:',
        `  schedules: [{ channel: ${TEST_CHANNEL} }]`,
        '',
      ].join('\n'),
    );
    h = await startHarness({
      commands: [],
      env: {
        ...clusterEnv(cluster, prefix.slice(1, -1)),
        WATCHKEEPER_CONFIG: configFile,
        WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey,
      },
      compose: composer({ cardUpdateIntervalMs: 200, posturePortFor: () => createSamplePosturePort() }),
    });
  });
  afterAll(async () => {
    await h?.stop();
    await cluster?.stop();
    rmSync(configDir, { recursive: true, force: true });
  });

  const post = async (body: unknown) =>
    (
      await fetch(`${h.bot.url}/intake/eventbridge`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', [API_KEY_HEADER]: CANARY.eventBridgeApiKey },
      })
    ).status;
  const cardFor = (findingId: string) =>
    h.slack.store
      .messagesIn(TEST_CHANNEL)
      .find((m) => !m.threadTs && blocksOf(m).includes(`cluster test finding ${findingId}`));

  it('runs on ioredis Cluster with the hash-tagged prefix', () => {
    expect(h.bot.ctx.redis).toBeInstanceOf(Cluster);
    expect(h.bot.ctx.config.redis.prefix).toBe(prefix);
  });

  it('turns intake into one incident card, counts occurrences, and the buttons act on it', async () => {
    const id = 'c1usterf1ow000000000000000000001';
    expect(await post([finding(id, 1), finding(id, 2), finding(id, 3)])).toBe(202);
    const card = await eventually(() => {
      const c = cardFor(id);
      // The card shows the count; its wording belongs to the card, not to this suite.
      return c && /\b3 occurrences|Occurrences\*\\n3\b/.test(blocksOf(c)) ? c : undefined;
    }, 'the card showing 3 occurrences');
    expect(validateMessageBlocks(card.blocks).ok).toBe(true);

    await h.slack.sender.sendBlockActions({
      userId: RESPONDER,
      channelId: TEST_CHANNEL,
      messageTs: card.ts,
      actions: [{ actionId: INCIDENT_ACTION_IDS.acknowledge }],
    });
    await eventually(
      () => /[Aa]cknowledged/.test(blocksOf(h.slack.store.findMessage(TEST_CHANNEL, card.ts))) || undefined,
      'the acknowledged card',
    );
    await h.slack.sender.sendBlockActions({
      userId: RESPONDER,
      channelId: TEST_CHANNEL,
      messageTs: card.ts,
      actions: [{ actionId: INCIDENT_ACTION_IDS.resolve }],
    });
    const modal = await eventually(() => h.slack.store.openViewsOf(RESPONDER)[0], 'the resolve modal');
    await h.slack.sender.sendViewSubmission({
      userId: RESPONDER,
      viewId: modal.id,
      values: {
        [RESOLVE_MODAL_IDS.resolutionBlock]: {
          [RESOLVE_MODAL_IDS.resolutionInput]: { type: 'plain_text_input', value: 'Isolated the instance' },
        },
        [RESOLVE_MODAL_IDS.rootCauseBlock]: {
          [RESOLVE_MODAL_IDS.rootCauseInput]: {
            type: 'static_select',
            selected_option: { value: 'malware', text: { type: 'plain_text', text: 'Malware' } },
          },
        },
      },
    });
    await eventually(
      () => /Resolved/.test(blocksOf(h.slack.store.findMessage(TEST_CHANNEL, card.ts))) || undefined,
      'the resolved card',
    );
    // One card for the finding, updated in place.
    expect(
      h.slack.store.messagesIn(TEST_CHANNEL).filter((m) => !m.threadTs && blocksOf(m).includes(id)),
    ).toHaveLength(1);
  });

  it('fires the escalation timer of an unacknowledged critical incident and pages the on-call group', async () => {
    const id = 'c1usteresca1ate00000000000000002';
    expect(await post(finding(id, 1, 9.5, 'i-0c1a5be2c0ffee002'))).toBe(202);
    const card = await eventually(() => cardFor(id), 'the critical card');
    const page = await eventually(
      () =>
        h.slack.store
          .messagesIn(TEST_CHANNEL)
          .concat(h.slack.store.threadOf(TEST_CHANNEL, card.ts))
          .find((m) => m.text.includes('<!subteam^S0ONCALL01>')),
      'the escalation post',
    );
    expect(page.text).toContain('<!subteam^S0ONCALL01>');
  });

  it('claims the weekly digest once per channel and week, however many runs race for it', async () => {
    // The digest is one message: posted alone, or shared with its chart file carrying its blocks.
    const deliveries = () =>
      h.slack.store.messagesIn(TEST_CHANNEL).filter((m) => blocksOf(m).includes('Weekly security digest'))
        .length;
    // Two scheduler replicas' runs of the same week: two jobs, two owners, one Lua claim.
    const runs = await Promise.all(
      ['one', 'two'].map((n) =>
        h.bot.ctx.queues.schedules.add(
          JobName.WeeklyDigest,
          { channel: TEST_CHANNEL, index: 0 },
          { jobId: `digest-race-${n}`, attempts: 1 },
        ),
      ),
    );
    // Wait until both runs ended, then look at how: a failed run must show its reason here.
    const finished = await eventually(async () => {
      const jobs = await Promise.all(runs.map((r) => h.bot.ctx.queues.schedules.getJob(String(r.id))));
      const states = await Promise.all(jobs.map((j) => j?.getState()));
      return states.every((s) => s === 'completed' || s === 'failed') ? jobs : undefined;
    }, 'both digest runs to finish');
    expect(finished.map((j) => j?.failedReason ?? 'ok')).toEqual(['ok', 'ok']);
    const results = finished.map((j) => j?.returnvalue as string);
    expect(results.sort()).toEqual(['already-posted', 'posted']);
    await eventually(() => deliveries() > 0 || undefined, 'the digest in Slack');
    expect(deliveries()).toBe(1);
    const claims = (await cluster.allKeys()).filter((k) => k.startsWith(`${prefix}:digest:${TEST_CHANNEL}:`));
    expect(claims).toHaveLength(1);
    expect(await h.bot.ctx.redis.get(claims[0] as string)).toBe('posted');
  });

  it('keeps an event whose content fits no shape as a dead letter', async () => {
    const broken = finding('c1usterbr0ken0000000000000000003', 1);
    const status = await post({ ...broken, detail: { ...broken.detail, type: 42 } });
    expect(status).toBe(400);
    const letters = await new DeadLetterStore(h.bot.ctx.redis, prefix).list();
    expect(letters.total).toBe(1);
  });

  it('wrote every key under the prefix, all in its one hash slot', async () => {
    const keys = await cluster.allKeys();
    const ours = keys.filter((k) => k.startsWith(`${prefix}:`));
    // Queues, incidents, outbox, audit stream, digest claim, dead letters at least.
    for (const part of [
      ':alerts:',
      ':inc:incident:',
      ':outbox:card:',
      ':audit',
      ':digest:',
      ':dead-letters:',
    ])
      expect(
        ours.some((k) => k.includes(part)),
        part,
      ).toBe(true);
    expect(keys.filter((k) => !k.startsWith(`${prefix}:`))).toEqual([]);
    const [slot, ...slots] = await cluster.slotsOf([prefix, ...ours]);
    expect(ours.filter((_, i) => slots[i] !== slot)).toEqual([]);
  });
});
