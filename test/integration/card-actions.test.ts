import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import {
  encodeChoiceValue,
  INCIDENT_ACTION_IDS,
  MUTE_MODAL_IDS,
  RESOLVE_MODAL_IDS,
  runbookStepsBlockId,
} from '../../src/incidents/card/ids.js';
import type { Incident } from '../../src/incidents/incident.js';
import { composer } from '../../src/main/compose.js';
import { readAudit } from '../../src/platform/audit/export.js';
import type { StoredMessage } from '../../src/sandbox/slack-api/index.js';
import { CANARY } from '../support/config.js';
import {
  BYSTANDER,
  type Harness,
  RESPONDER,
  SECURITY_ADMIN,
  startHarness,
  TEST_CHANNEL,
} from '../support/harness.js';

/** The card's other buttons, through signed block_actions: assign, snooze, escalate, steps, mute. */
const event = readFileSync(
  new URL('../fixtures/alerts/guardduty/eventbridge-redacted-dns.json', import.meta.url),
  'utf8',
);

describe('the card buttons besides acknowledge and resolve', () => {
  let h: Harness;
  let card: StoredMessage;
  let id = '';
  beforeAll(async () => {
    h = await startHarness({
      commands: [],
      env: { WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey },
      compose: composer({ cardUpdateIntervalMs: 100 }),
    });
    await fetch(`${h.bot.url}/intake/eventbridge`, {
      method: 'POST',
      body: event,
      headers: { 'content-type': 'application/json', [API_KEY_HEADER]: CANARY.eventBridgeApiKey },
    });
    for (let i = 0; i < 200 && !id; i++) {
      const found = h.slack.store.messagesIn(TEST_CHANNEL)[0];
      id = /INC-[A-Z0-9]+/.exec(JSON.stringify(found?.blocks ?? []))?.[0] ?? '';
      if (found) card = found;
      if (!id) await sleep(50);
    }
  });
  afterAll(async () => {
    await h.stop();
  });

  const incident = async (): Promise<Incident> => {
    const raw = await h.bot.ctx.redis.get(`${h.bot.ctx.config.redis.prefix}:inc:incident:${id}`);
    return JSON.parse(String(raw)) as Incident;
  };
  const click = (
    userId: string,
    actionId: string,
    extra: { value?: string; values?: string[]; blockId?: string } = {},
  ) =>
    h.slack.sender.sendBlockActions({
      userId,
      channelId: TEST_CHANNEL,
      messageTs: card.ts,
      actions: [{ actionId, ...extra }],
    });
  const refusals = async (action: string) =>
    (await readAudit(h.bot.ctx.redis, h.bot.ctx.config.redis.prefix, new Date(0))).filter(
      (a) => a.action === action,
    );
  async function until(check: (i: Incident) => boolean, what: string): Promise<Incident> {
    for (let k = 0; k < 200; k++) {
      const now = await incident();
      if (check(now)) return now;
      await sleep(25);
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('assigns to the picked user', async () => {
    await click(RESPONDER, INCIDENT_ACTION_IDS.assign, { value: SECURITY_ADMIN });
    expect((await until((i) => i.assignee === SECURITY_ADMIN, 'the assignee')).assignee).toBe(SECURITY_ADMIN);
  });

  it('ticks a runbook step, keeping who and when', async () => {
    // The checklist lives in the Runbook modal; a tick there is a block action on the view.
    const view = await openedBy(RESPONDER, INCIDENT_ACTION_IDS.runbook);
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
    const ticked = await until((i) => Boolean(i.runbookSteps['0']), 'the ticked step');
    expect(ticked.runbookSteps['0']?.checkedBy).toBe(RESPONDER);
    // Closed as a person would, so the next modals this test opens are the only open ones.
    await h.slack.sender.sendViewClosed({ userId: RESPONDER, viewId: view.id });
  });

  it('escalates one level on request', async () => {
    await click(RESPONDER, INCIDENT_ACTION_IDS.escalate, { value: id });
    expect((await until((i) => i.escalationLevel >= 1, 'the escalation')).escalationLevel).toBe(1);
  });

  it('snoozes for the chosen time', async () => {
    await click(RESPONDER, INCIDENT_ACTION_IDS.snooze, { value: encodeChoiceValue('1h', id) });
    const snoozed = await until((i) => i.status === 'snoozed', 'the snooze');
    expect(Date.parse(String(snoozed.snoozedUntil)) - Date.now()).toBeGreaterThan(55 * 60_000);
  });

  it('refuses Mute similar to a responder, and lets a security admin mute through the modal', async () => {
    await click(RESPONDER, INCIDENT_ACTION_IDS.muteSimilar, { value: id });
    for (
      let k = 0;
      k < 100 && !h.slack.store.ephemeralsFor(RESPONDER).some((e) => /security-admin/.test(e.text));
      k++
    )
      await sleep(25);
    expect(h.slack.store.ephemeralsFor(RESPONDER).some((e) => /security-admin/.test(e.text))).toBe(true);
    expect(h.slack.store.openViewsOf(RESPONDER)).toHaveLength(0);

    await click(SECURITY_ADMIN, INCIDENT_ACTION_IDS.muteSimilar, { value: id });
    let view = h.slack.store.openViewsOf(SECURITY_ADMIN)[0];
    for (let k = 0; k < 100 && !view; k++) {
      await sleep(25);
      view = h.slack.store.openViewsOf(SECURITY_ADMIN)[0];
    }
    expect(view).toBeDefined();
    await h.slack.sender.sendViewSubmission({
      userId: SECURITY_ADMIN,
      viewId: String(view?.id),
      values: {
        [MUTE_MODAL_IDS.expiryBlock]: {
          [MUTE_MODAL_IDS.expiryInput]: {
            type: 'static_select',
            selected_option: { value: '24h', text: { type: 'plain_text', text: '24 hours' } },
          },
        },
      },
    });
    const mutes = `${h.bot.ctx.config.redis.prefix}:inc:mutes`;
    for (let k = 0; k < 100 && (await h.bot.ctx.redis.hlen(mutes)) === 0; k++) await sleep(25);
    expect(await h.bot.ctx.redis.hlen(mutes)).toBe(1);
  });

  it('changes nothing for someone without a role', async () => {
    const before = await incident();
    await click(BYSTANDER, INCIDENT_ACTION_IDS.escalate, { value: id });
    for (let k = 0; k < 100 && h.slack.store.ephemeralsFor(BYSTANDER).length === 0; k++) await sleep(25);
    expect(h.slack.store.ephemeralsFor(BYSTANDER)[0]?.text).toMatch(/responder/);
    expect((await incident()).version).toBe(before.version);
    expect(await refusals('refused.escalate')).toEqual([
      expect.objectContaining({ who: BYSTANDER, incident: id, detail: 'responder' }),
    ]);
  });

  /** A modal a permitted user opened, submitted by someone else (a forged or replayed submission). */
  async function openedBy(userId: string, actionId: string) {
    await click(userId, actionId, { value: id });
    for (let k = 0; k < 100 && h.slack.store.openViewsOf(userId).length === 0; k++) await sleep(25);
    const view = h.slack.store.openViewsOf(userId)[0];
    if (!view) throw new Error(`no modal opened for ${userId}`);
    return view;
  }

  it('refuses a resolve-modal submission from someone without the responder role, audits it, and does not resolve', async () => {
    const view = await openedBy(RESPONDER, INCIDENT_ACTION_IDS.resolve);
    const before = await incident();
    const forged = await h.slack.sender.sendViewSubmission({
      userId: BYSTANDER,
      viewId: view.id,
      values: {
        [RESOLVE_MODAL_IDS.resolutionBlock]: {
          [RESOLVE_MODAL_IDS.resolutionInput]: { type: 'plain_text_input', value: 'Nothing to see here' },
        },
        [RESOLVE_MODAL_IDS.rootCauseBlock]: {
          [RESOLVE_MODAL_IDS.rootCauseInput]: {
            type: 'static_select',
            selected_option: {
              value: 'false-positive',
              text: { type: 'plain_text', text: 'False positive' },
            },
          },
        },
      },
    });
    expect(forged.effect).toMatchObject({ kind: 'errors' });
    expect(JSON.stringify(forged.effect)).toMatch(/responder/);
    expect(await refusals('refused.resolve')).toEqual([
      expect.objectContaining({ who: BYSTANDER, incident: id, detail: 'responder' }),
    ]);
    const after = await incident();
    expect(after.status).not.toBe('resolved');
    expect(after.version).toBe(before.version);
  });

  it('refuses a mute-modal submission from a responder, audits it, and adds no mute rule', async () => {
    const mutes = `${h.bot.ctx.config.redis.prefix}:inc:mutes`;
    const rules = await h.bot.ctx.redis.hlen(mutes);
    // The responder's click on the button earlier was refused (and audited) already.
    const earlier = (await refusals('refused.mute')).length;
    const view = await openedBy(SECURITY_ADMIN, INCIDENT_ACTION_IDS.muteSimilar);
    const forged = await h.slack.sender.sendViewSubmission({
      userId: RESPONDER,
      viewId: view.id,
      values: {
        [MUTE_MODAL_IDS.expiryBlock]: {
          [MUTE_MODAL_IDS.expiryInput]: {
            type: 'static_select',
            selected_option: { value: '24h', text: { type: 'plain_text', text: '24 hours' } },
          },
        },
      },
    });
    expect(forged.effect).toMatchObject({ kind: 'errors' });
    const refused = await refusals('refused.mute');
    expect(refused).toHaveLength(earlier + 1);
    expect(refused.at(-1)).toMatchObject({ who: RESPONDER, incident: id, detail: 'security-admin' });
    expect(await h.bot.ctx.redis.hlen(mutes)).toBe(rules);
  });
});
