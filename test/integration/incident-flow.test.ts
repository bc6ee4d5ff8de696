import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import { INCIDENT_ACTION_IDS, RESOLVE_MODAL_IDS } from '../../src/incidents/card/ids.js';
import { composer } from '../../src/main/compose.js';
import { validateMessageBlocks } from '../../src/sandbox/slack-api/block-kit/validate.js';
import type { StoredMessage } from '../../src/sandbox/slack-api/index.js';
import { CANARY } from '../support/config.js';
import { type Harness, RESPONDER, startHarness, TEST_CHANNEL } from '../support/harness.js';

/**
 * The whole product path with nothing faked but AWS: EventBridge intake -> normalizer -> incident
 * engine -> outbox -> the Slack API stand-in (which validates Block Kit as Slack does), then
 * responders acting through signed Slack payloads.
 */
const template = JSON.parse(
  readFileSync(
    new URL('../fixtures/alerts/guardduty/eventbridge-redacted-dns.json', import.meta.url),
    'utf8',
  ),
) as { id: string; detail: Record<string, unknown> & { service: Record<string, unknown> } };

function occurrence(
  findingId: string,
  count: number,
  type = String(template.detail.type),
): { id: string; detail: Record<string, unknown> } {
  const at = new Date(Date.UTC(2026, 10, 28, 10, 0, 0) + count * 1000).toISOString();
  return {
    ...template,
    id: `evt-${findingId}-${count}`,
    detail: {
      ...template.detail,
      id: findingId,
      type,
      updatedAt: at,
      service: { ...template.detail.service, count, eventLastSeen: at },
    },
  };
}

async function eventually<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const topLevel = (h: Harness): StoredMessage[] =>
  h.slack.store.messagesIn(TEST_CHANNEL).filter((m) => !m.threadTs);

function cardOf(h: Harness, incidentText: string): StoredMessage | undefined {
  return h.slack.store
    .messagesIn(TEST_CHANNEL)
    .find((m) => !m.threadTs && JSON.stringify(m.blocks ?? []).includes(incidentText));
}

async function post(h: Harness, body: unknown): Promise<number> {
  const res = await fetch(`${h.bot.url}/intake/eventbridge`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', [API_KEY_HEADER]: CANARY.eventBridgeApiKey },
  });
  return res.status;
}

describe('an incident from intake to resolution, through Slack', () => {
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

  it('posts one valid card, acknowledges and resolves it in place, with a thread log', async () => {
    expect(await post(h, occurrence('flowfinding00000000000000000001', 1))).toBe(202);
    const card = await eventually(() => cardOf(h, 'Triggered') ?? cardOf(h, 'triggered'), 'the card');
    expect(validateMessageBlocks(card.blocks).ok).toBe(true);

    await h.slack.sender.sendBlockActions({
      userId: RESPONDER,
      channelId: TEST_CHANNEL,
      messageTs: card.ts,
      actions: [{ actionId: INCIDENT_ACTION_IDS.acknowledge }],
    });
    await eventually(
      () =>
        JSON.stringify(h.slack.store.findMessage(TEST_CHANNEL, card.ts)?.blocks ?? []).match(
          /[Aa]cknowledged/,
        ) ?? undefined,
      'the acknowledged card',
    );
    await eventually(
      () => h.slack.store.threadOf(TEST_CHANNEL, card.ts).length >= 2 || undefined,
      'thread entries',
    );
    const thread = h.slack.store.threadOf(TEST_CHANNEL, card.ts);
    expect(thread.map((m) => m.text).join('\n')).not.toMatch(/<@U|<!(here|channel|subteam)/);

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
      () =>
        JSON.stringify(h.slack.store.findMessage(TEST_CHANNEL, card.ts)?.blocks ?? []).match(
          /Resolved|resolved/,
        ) ?? undefined,
      'the resolved card',
    );
    // One card, updated in place; everything else went to its thread.
    expect(topLevel(h)).toHaveLength(1);
  });

  it('turns 1,000 occurrences of one finding into one card with a bounded number of updates', async () => {
    const findingId = 'stormfinding000000000000000000002';
    const before = h.slack.store.callsTo('chat.update').length;
    const cardsBefore = topLevel(h).length;
    for (let start = 1; start <= 1000; start += 100) {
      expect(
        await post(
          h,
          Array.from({ length: 100 }, (_, i) => occurrence(findingId, start + i)),
        ),
      ).toBe(202);
    }
    const card = await eventually(
      () => cardOf(h, '*1000 occurrences*'),
      'the card showing 1000 occurrences',
      30_000,
    );
    expect(card.threadTs).toBeUndefined();
    expect(topLevel(h)).toHaveLength(cardsBefore + 1);
    const updates = h.slack.store.callsTo('chat.update').length - before;
    expect(updates).toBeLessThan(100);
    // The channel budget: a burst of 3, then 1 per second, so no 1-second window holds more than 4.
    expect(h.slack.store.postsPerSecond(TEST_CHANNEL)).toBeLessThanOrEqual(4);
  });
});

describe('cards under Slack failures', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      commands: [],
      env: { WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey },
      compose: composer({ cardUpdateIntervalMs: 200 }),
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('delivers every card exactly once with its final state while a third of calls get 429 or 5xx', {
    timeout: 120_000,
  }, async () => {
    h.slack.faults.set({ rateLimitShare: 0.33, retryAfterSeconds: 1, serverErrorShare: 0.33 });
    const ids = Array.from({ length: 6 }, (_, i) => `faultfinding${String(i).padStart(20, '0')}`);
    const types = [
      'Trojan:EC2/BlackholeTraffic!DNS',
      'CryptoCurrency:EC2/BitcoinTool.B!DNS',
      'Backdoor:EC2/C&CActivity.B',
      'Recon:EC2/PortProbeUnprotectedPort',
      'UnauthorizedAccess:EC2/SSHBruteForce',
      'Impact:EC2/WinRMBruteForce',
    ];
    for (const [i, id] of ids.entries()) {
      // Different types and resources so each is its own incident.
      const base = occurrence(id, 1, types[i]);
      const detail = {
        ...base.detail,
        resource: {
          ...(base.detail.resource as object),
          instanceDetails: { instanceId: `i-0fault0000000000${i}` },
        },
      };
      expect(
        await post(h, [
          { ...base, detail },
          {
            ...occurrence(id, 7, types[i]),
            detail: { ...occurrence(id, 7, types[i]).detail, resource: detail.resource },
          },
        ]),
      ).toBe(202);
    }
    const finalCards = await eventually(
      () => {
        const cards = h.slack.store
          .messagesIn(TEST_CHANNEL)
          .filter((m) => !m.threadTs && JSON.stringify(m.blocks ?? []).includes('INC-'));
        return cards.length === ids.length &&
          cards.every((c) => JSON.stringify(c.blocks).includes('*7 occurrences*'))
          ? cards
          : undefined;
      },
      'six cards each showing 7 occurrences',
      100_000,
    );
    h.slack.faults.clear();
    expect(finalCards).toHaveLength(ids.length);
    expect(h.slack.store.callsTo('chat.postMessage').some((c) => c.outcome !== 'ok')).toBe(true);
  });
});
