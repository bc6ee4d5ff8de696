import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_HEADER } from '../../../src/alerts/intake/http/eventbridge.js';
import {
  encodeChoiceValue,
  INCIDENT_ACTION_IDS,
  runbookStepsBlockId,
} from '../../../src/incidents/card/ids.js';
import type { Incident } from '../../../src/incidents/incident.js';
import { composer } from '../../../src/main/compose.js';
import type { StoredMessage } from '../../../src/sandbox/slack-api/index.js';
import { CANARY } from '../../support/config.js';
import { BYSTANDER, type Harness, RESPONDER, startHarness, TEST_CHANNEL } from '../../support/harness.js';

/**
 * The runbook off the card, through the real Bolt app and the Slack stand-in: the full steps are
 * the thread's first reply, the Runbook button opens the checklist, a tick is kept with who and
 * when and redrawn in the modal, and a refused tick shows unticked again.
 */

const event = readFileSync(
  new URL('../../fixtures/alerts/guardduty/instance-backdoor.json', import.meta.url),
  'utf8',
);

async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, what: string): Promise<T> {
  for (let k = 0; k < 300; k++) {
    const value = await read();
    if (done(value)) return value;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the Runbook button and its checklist', () => {
  let h: Harness;
  let card: StoredMessage;
  let id = '';

  beforeAll(async () => {
    h = await startHarness({
      commands: [],
      env: { WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey },
      compose: composer({ cardUpdateIntervalMs: 100 }),
    });
    const body = JSON.stringify({
      version: '0',
      id: 'a1b2c3d4-0000-4000-8000-000000000013',
      'detail-type': 'GuardDuty Finding',
      source: 'aws.guardduty',
      account: '210987654321',
      time: '2025-05-30T07:12:44Z',
      region: 'eu-west-1',
      resources: [],
      detail: JSON.parse(event) as unknown,
    });
    await fetch(`${h.bot.url}/intake/eventbridge`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', [API_KEY_HEADER]: CANARY.eventBridgeApiKey },
    });
    card = (await until(
      () => h.slack.store.messagesIn(TEST_CHANNEL)[0],
      (m) => m !== undefined && /INC-[A-Z0-9]+/.test(JSON.stringify(m.blocks ?? [])),
      'the card',
    )) as StoredMessage;
    id = /INC-[A-Z0-9]+/.exec(JSON.stringify(card.blocks))?.[0] ?? '';
  });
  afterAll(async () => {
    await h.stop();
  });

  const incident = async (): Promise<Incident> =>
    JSON.parse(
      String(await h.bot.ctx.redis.get(`${h.bot.ctx.config.redis.prefix}:inc:incident:${id}`)),
    ) as Incident;

  async function openRunbook(userId: string) {
    await h.slack.sender.sendBlockActions({
      userId,
      channelId: TEST_CHANNEL,
      messageTs: card.ts,
      actions: [{ actionId: INCIDENT_ACTION_IDS.runbook, value: id }],
    });
    const view = await until(
      () => h.slack.store.openViewsOf(userId)[0],
      (v) => v !== undefined,
      'the runbook modal',
    );
    if (!view) throw new Error(`no runbook modal opened for ${userId}`);
    return view;
  }

  function ticks(view: { view: { blocks?: unknown } }): string[] {
    const blocks = JSON.stringify(view.view.blocks ?? []);
    return [...blocks.matchAll(/"initial_options":\[(.*?)\]/g)].flatMap((m) =>
      [...(m[1] ?? '').matchAll(/"value":"(\d+)\|/g)].map((v) => v[1] ?? ''),
    );
  }

  it('posts the full runbook, commands included, as the first reply in the card thread', async () => {
    // threadOf lists the parent (the card) first, then the replies in order.
    const thread = await until(
      () => h.slack.store.threadOf(TEST_CHANNEL, card.ts).filter((m) => m.ts !== card.ts),
      (replies) => replies.length >= 2,
      'the thread replies',
    );
    const first = JSON.stringify(thread[0]?.blocks ?? []);
    expect(first).toContain('Runbook:');
    expect(first).toContain('```');
    expect(thread[1]?.text).toContain('Incident opened');
    // Only once, whatever happens next.
    expect(thread.filter((m) => JSON.stringify(m.blocks ?? []).includes('📋 *Runbook:')).length).toBe(1);
  });

  it('opens the checklist from the card, and a responder tick is kept with who and when and shown', async () => {
    const view = await openRunbook(RESPONDER);
    expect(ticks(view)).toEqual([]);
    await h.slack.sender.sendBlockActions({
      userId: RESPONDER,
      viewId: view.id,
      actions: [
        {
          actionId: INCIDENT_ACTION_IDS.runbookSteps,
          blockId: runbookStepsBlockId(0),
          values: [encodeChoiceValue('0', id)],
        },
      ],
    });
    const ticked = await until(incident, (i) => Boolean(i.runbookSteps['0']), 'the ticked step');
    expect(ticked.runbookSteps['0']?.checkedBy).toBe(RESPONDER);
    const redrawn = await until(
      () => h.slack.store.views.get(view.id),
      (v) => v !== undefined && ticks(v).includes('0'),
      'the redrawn modal',
    );
    expect(JSON.stringify(redrawn?.view.blocks)).toContain(`✓ *1.* <@${RESPONDER}>`);
    const updated = await until(
      () => h.slack.store.messagesIn(TEST_CHANNEL)[0],
      (m) => JSON.stringify(m?.blocks ?? []).includes('Runbook: 1 of'),
      'the card progress',
    );
    expect(JSON.stringify(updated?.blocks)).not.toContain('checkboxes');
  });

  it('unticks a refused tick again: someone without a role sees the step unticked', async () => {
    const view = await openRunbook(BYSTANDER);
    await h.slack.sender.sendBlockActions({
      userId: BYSTANDER,
      viewId: view.id,
      actions: [
        {
          actionId: INCIDENT_ACTION_IDS.runbookSteps,
          blockId: runbookStepsBlockId(0),
          values: [encodeChoiceValue('0', id), encodeChoiceValue('1', id)],
        },
      ],
    });
    await until(
      () => h.slack.store.ephemeralsFor(BYSTANDER),
      (e) => e.some((m) => /responder/.test(m.text)),
      'the refusal',
    );
    const redrawn = await until(
      () => h.slack.store.views.get(view.id),
      (v) =>
        v !== undefined &&
        JSON.stringify(v.view.blocks).includes(`✓ *1.* <@${RESPONDER}>`) &&
        !ticks(v).includes('1'),
      'the redrawn modal',
    );
    expect(ticks(redrawn as NonNullable<typeof redrawn>)).toEqual(['0']);
    expect((await incident()).runbookSteps['1']).toBeUndefined();
  });
});
