import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import { INCIDENT_BLOCK_IDS } from '../../src/incidents/card/ids.js';
import { composer } from '../../src/main/compose.js';
import { validateMessageBlocks } from '../../src/sandbox/slack-api/block-kit/validate.js';
import type { StoredMessage } from '../../src/sandbox/slack-api/index.js';
import { CANARY } from '../support/config.js';
import { type Harness, startHarness, TEST_CHANNEL } from '../support/harness.js';

/**
 * One caller refused on 30 instances, each call its own EventBridge CloudTrail event (one record,
 * so one alert each, as on the log-watch path): through the real intake, the `alerts` queue and
 * its worker, the incident engine and the outbox, Slack gets one card whose facts name the
 * targets and count all 30.
 */

const burst = JSON.parse(
  readFileSync(new URL('../fixtures/alerts/cloudtrail/access-denied-burst.json', import.meta.url), 'utf8'),
) as { Records: Array<Record<string, unknown>> };

function eventOf(record: Record<string, unknown>, n: number): Record<string, unknown> {
  return {
    version: '0',
    id: `0c1d2e3f-4a5b-4c6d-8e7f-${String(n).padStart(12, '0')}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.ec2',
    account: record.recipientAccountId,
    time: record.eventTime,
    region: record.awsRegion,
    resources: [],
    detail: record,
  };
}

async function eventually<T>(probe: () => T | undefined, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const cards = (h: Harness): StoredMessage[] =>
  h.slack.store
    .messagesIn(TEST_CHANNEL)
    .filter((m) => !m.threadTs && JSON.stringify(m.blocks ?? []).includes(INCIDENT_BLOCK_IDS.facts));

function factTexts(card: StoredMessage): string[] {
  const blocks = (card.blocks ?? []) as Array<{ block_id?: string; fields?: Array<{ text: string }> }>;
  return blocks.find((b) => b.block_id === INCIDENT_BLOCK_IDS.facts)?.fields?.map((f) => f.text) ?? [];
}

describe('targets across per-record alerts, intake to card', () => {
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

  it('posts one card that names the targets and counts 30', async () => {
    expect(burst.Records).toHaveLength(30);
    for (const [n, record] of burst.Records.entries()) {
      const res = await fetch(`${h.bot.url}/intake/eventbridge`, {
        method: 'POST',
        body: JSON.stringify(eventOf(record, n)),
        headers: { 'content-type': 'application/json', [API_KEY_HEADER]: CANARY.eventBridgeApiKey },
      });
      expect(res.status).toBe(202);
    }
    const card = await eventually(() => {
      const [only] = cards(h);
      return only && factTexts(only).some((t) => t.startsWith('*Targets (30)*')) ? only : undefined;
    }, 'a card listing 30 targets');
    expect(cards(h)).toHaveLength(1);
    expect(validateMessageBlocks(card.blocks).ok).toBe(true);
    const targets = factTexts(card).find((t) => t.startsWith('*Targets (30)*')) ?? '';
    const firstInstance = /"instanceId":\s*"([^"]+)"/.exec(JSON.stringify(burst.Records[0]))?.[1];
    expect(firstInstance).toBeDefined();
    expect(targets).toContain(`\n${firstInstance}, `);
    expect(targets).toMatch(/ and \d+ more$/);
  });
});
