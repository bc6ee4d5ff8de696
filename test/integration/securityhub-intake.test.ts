import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import { incidentKeys } from '../../src/incidents/keys.js';
import { composer } from '../../src/main/compose.js';
import { validateMessageBlocks } from '../../src/sandbox/slack-api/block-kit/validate.js';
import { CANARY } from '../support/config.js';
import { type Harness, startHarness, TEST_CHANNEL } from '../support/harness.js';

/**
 * Security Hub, Config and Malware Protection through the real EventBridge webhook, the incident
 * engine and the Slack stand-in. The GuardDuty finding that reaches Watchkeeper twice (its own
 * EventBridge rule, and Security Hub's) must be one card.
 */

type Json = Record<string, unknown>;
const fixture = (path: string): Json =>
  JSON.parse(readFileSync(new URL(`../fixtures/alerts/${path}`, import.meta.url), 'utf8')) as Json;

const directFinding = fixture('guardduty/instance-backdoor.json');
const directEvent = {
  version: '0',
  id: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
  'detail-type': 'GuardDuty Finding',
  source: 'aws.guardduty',
  account: directFinding.accountId,
  time: '2025-02-04T18:47:05Z',
  region: directFinding.region,
  resources: [],
  detail: directFinding,
};

/** The Security Hub copy of the same finding, with its one finding changed by `edit`. */
function securityHubCopy(edit: (finding: Json) => void = () => undefined): Json {
  const event = fixture('securityhub/eventbridge-guardduty.json') as Json & { detail: { findings: Json[] } };
  const finding = event.detail.findings[0];
  if (finding) edit(finding);
  return event;
}

async function post(h: Harness, body: unknown): Promise<number> {
  const res = await fetch(`${h.bot.url}/intake/eventbridge`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', [API_KEY_HEADER]: CANARY.eventBridgeApiKey },
  });
  return res.status;
}

async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Resolves once the alerts queue has completed `n` jobs and has nothing else in flight. */
async function alertsSettled(h: Harness, n: number): Promise<void> {
  await eventually(async () => {
    const counts = await h.bot.ctx.queues.alerts.getJobCounts('waiting', 'active', 'delayed', 'completed');
    return (counts.completed ?? 0) >= n && counts.waiting === 0 && counts.active === 0 && counts.delayed === 0
      ? true
      : undefined;
  }, `${n} processed alerts`);
}

/**
 * Whether the incident an alert's dedupe key points at has recovered, read from the engine's
 * own keys: the card's wording belongs to the card, the recovery to the engine.
 */
async function recovered(h: Harness, dedupeKey: string): Promise<true | undefined> {
  const keys = incidentKeys(`${h.bot.ctx.config.redis.prefix}:inc`);
  const id = await h.bot.ctx.redis.get(keys.dedupe(dedupeKey));
  const stored = id ? await h.bot.ctx.redis.get(keys.incident(id)) : null;
  return stored && (JSON.parse(stored) as { recoveredAt?: string }).recoveredAt ? true : undefined;
}

function cardsMentioning(h: Harness, text: string) {
  return h.slack.store
    .messagesIn(TEST_CHANNEL)
    .filter((m) => !m.threadTs && JSON.stringify(m.blocks ?? []).includes(text));
}

describe('Security Hub and Config intake, through Slack', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      commands: [],
      env: { WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey },
      compose: composer({ cardUpdateIntervalMs: 300 }),
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('opens one card for a GuardDuty finding that arrives directly and through Security Hub', async () => {
    expect(await post(h, directEvent)).toBe(202);
    const card = await eventually(() => cardsMentioning(h, 'i-0f1e2d3c4b5a69788')[0], 'the GuardDuty card');
    expect(validateMessageBlocks(card.blocks).ok).toBe(true);
    await alertsSettled(h, 1);

    // The same revision through Security Hub: stored once (same alert job id).
    expect(await post(h, securityHubCopy())).toBe(202);
    // A later Security Hub update of the same finding: a second alert, the same incident.
    expect(
      await post(
        h,
        securityHubCopy((f) => {
          f.UpdatedAt = '2025-02-04T19:30:00.000Z';
        }),
      ),
    ).toBe(202);
    await alertsSettled(h, 2);
    expect(cardsMentioning(h, 'i-0f1e2d3c4b5a69788')).toHaveLength(1);

    // Archived in Security Hub: the incident recovers, still on its one card.
    expect(
      await post(
        h,
        securityHubCopy((f) => {
          f.UpdatedAt = '2025-02-05T08:00:00.000Z';
          f.RecordState = 'ARCHIVED';
        }),
      ),
    ).toBe(202);
    await alertsSettled(h, 3);
    await eventually(() => recovered(h, '7ab4c2d9e0f1a2b3c4d5e6f708192a3b'), 'the recovered incident');
    expect(cardsMentioning(h, 'i-0f1e2d3c4b5a69788')).toHaveLength(1);
  });

  it('posts a valid card for an Inspector finding, with its remediation in the description', async () => {
    expect(await post(h, fixture('securityhub/eventbridge-inspector.json'))).toBe(202);
    const card = await eventually(() => cardsMentioning(h, 'CVE-2024-6387')[0], 'the Inspector card');
    expect(validateMessageBlocks(card.blocks).ok).toBe(true);
  });

  it('opens a Config incident on NON_COMPLIANT and recovers it on COMPLIANT', async () => {
    expect(await post(h, fixture('config/eventbridge-non-compliant.json'))).toBe(202);
    const card = await eventually(() => cardsMentioning(h, 'sg-0b1c2d3e4f5a67890')[0], 'the Config card');
    expect(validateMessageBlocks(card.blocks).ok).toBe(true);
    expect(await post(h, fixture('config/eventbridge-compliant.json'))).toBe(202);
    const key =
      'config|arn:aws:config:eu-west-1:210987654321:config-rule/config-rule-7hd2ka|AWS::EC2::SecurityGroup|sg-0b1c2d3e4f5a67890';
    await eventually(() => recovered(h, key), 'the recovered Config incident');
    expect(cardsMentioning(h, 'sg-0b1c2d3e4f5a67890')).toHaveLength(1);
  });

  it('opens a card for malware found in S3 and none for a clean object', async () => {
    expect(await post(h, fixture('malware/eventbridge-no-threats.json'))).toBe(202);
    expect(await post(h, fixture('malware/eventbridge-threats-found.json'))).toBe(202);
    const card = await eventually(() => cardsMentioning(h, 'invoice-7731.pdf.exe')[0], 'the malware card');
    expect(validateMessageBlocks(card.blocks).ok).toBe(true);
    expect(cardsMentioning(h, 'invoice-7730.pdf')).toHaveLength(0);
  });

  it('opens a card for an OCSF finding (Findings Imported V2)', async () => {
    expect(await post(h, fixture('securityhub/eventbridge-ocsf-inspector.json'))).toBe(202);
    const card = await eventually(() => cardsMentioning(h, 'CVE-2024-3094')[0], 'the OCSF card');
    expect(validateMessageBlocks(card.blocks).ok).toBe(true);
  });

  it('takes the Lambda SNS envelope an existing Lambda forwards, and refuses a broken one by field', async () => {
    expect(await post(h, fixture('alarms/lambda-sns-event.json'))).toBe(202);
    const card = await eventually(() => cardsMentioning(h, 'orders-api-5xx')[0], 'the alarm card');
    expect(validateMessageBlocks(card.blocks).ok).toBe(true);
    const res = await fetch(`${h.bot.url}/intake/eventbridge`, {
      method: 'POST',
      body: JSON.stringify({ Records: [{ EventSource: 'aws:sns', Sns: { Type: 'Notification' } }] }),
      headers: { 'content-type': 'application/json', [API_KEY_HEADER]: CANARY.eventBridgeApiKey },
    });
    expect(res.status).toBe(400);
    expect(String(((await res.json()) as { message: string }).message)).toMatch(
      /not a Lambda SNS event: Records\.0\.Sns\.Message/,
    );
  });

  it('opens nothing for a suppressed composite alarm and writes the hold to the audit log', async () => {
    const res = await fetch(`${h.bot.url}/intake/eventbridge`, {
      method: 'POST',
      body: JSON.stringify(fixture('suppressed/composite-alarm-suppressed.json')),
      headers: { 'content-type': 'application/json', [API_KEY_HEADER]: CANARY.eventBridgeApiKey },
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { ignored?: unknown[] };
    expect(JSON.stringify(body)).toMatch(/suppressed/);
    const entries = await h.bot.ctx.redis.xrange(`${h.bot.ctx.config.redis.prefix}:audit`, '-', '+');
    const held = entries.find(([, fields]) => fields.includes('alert.suppressed'));
    expect(held?.[1].join(' ')).toMatch(/checkout-composite/);
    expect(cardsMentioning(h, 'checkout-composite')).toHaveLength(0);
  });
});
