import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT_ACTION_IDS, RESOLVE_MODAL_IDS } from '../../src/incidents/card/ids.js';
import { composer } from '../../src/main/compose.js';
import { JobName } from '../../src/platform/queue/names.js';
import type { StoredMessage } from '../../src/sandbox/slack-api/index.js';
import { guardDutyAlert } from '../incidents/helpers/alerts.js';
import { eventually } from '../incidents/helpers/fake-outbox.js';
import { type Harness, RESPONDER, startHarness, TEST_CHANNEL } from '../support/harness.js';

/**
 * A resolved incident that recurs says so plainly, through the production composition, the real
 * Bolt app and the Slack stand-in: a responder resolves it with the card's button and modal, the
 * finding is seen again a minute later, and the thread and the card say what happened.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ commands: [], compose: composer({ cardUpdateIntervalMs: 100 }) });
});
afterAll(async () => {
  await h?.stop();
});

const KEY = 'gd-reopen-5b0c7e1d9a2f4c6b8e0d';
const card = (): StoredMessage | undefined =>
  h.slack.store
    .messagesIn(TEST_CHANNEL)
    .find((m) => !m.threadTs && JSON.stringify(m.blocks ?? []).includes('i-0reopened0001'));
const cardText = (): string => JSON.stringify(card()?.blocks ?? []);

async function occurrence(lastSeen: Date, count: number): Promise<void> {
  await h.bot.ctx.queues.alerts.add(JobName.Alert, {
    alert: guardDutyAlert({
      dedupeKey: KEY,
      resource: { type: 'Instance', id: 'i-0reopened0001', tags: {} },
      firstSeen: '2026-12-01T00:00:00.000Z',
      lastSeen: lastSeen.toISOString(),
      revision: lastSeen.toISOString(),
      count,
    }),
    origin: 'test',
    receivedAt: new Date().toISOString(),
  });
}

async function resolveWithTheModal(ts: string): Promise<void> {
  await h.slack.sender.sendBlockActions({
    userId: RESPONDER,
    channelId: TEST_CHANNEL,
    messageTs: ts,
    actions: [{ actionId: INCIDENT_ACTION_IDS.resolve }],
  });
  const modal = await eventually(() => h.slack.store.openViewsOf(RESPONDER)[0]);
  await h.slack.sender.sendViewSubmission({
    userId: RESPONDER,
    viewId: modal.id,
    values: {
      [RESOLVE_MODAL_IDS.resolutionBlock]: {
        [RESOLVE_MODAL_IDS.resolutionInput]: { type: 'plain_text_input', value: 'Blocked the IP' },
      },
      [RESOLVE_MODAL_IDS.rootCauseBlock]: {
        [RESOLVE_MODAL_IDS.rootCauseInput]: {
          type: 'static_select',
          selected_option: { value: 'malware', text: { type: 'plain_text', text: 'Malware' } },
        },
      },
    },
  });
}

describe('a resolved incident that recurs', () => {
  it('says in the thread and on the card that GuardDuty saw it again, when, and after whose resolution', async () => {
    await occurrence(new Date(Date.now() - 60_000), 1);
    const posted = await eventually(card);
    await resolveWithTheModal(posted.ts);
    await eventually(() => (/Resolved/.test(cardText()) ? true : undefined));

    // Seen again 61 seconds after the resolution (the resolution happened just now).
    const seen = new Date(Date.now() + 61_000);
    await occurrence(seen, 2);
    const entry = await eventually(() =>
      h.slack.store.threadOf(TEST_CHANNEL, posted.ts).find((m) => m.text.includes('Reopened')),
    );
    const clock = `${seen.toISOString().slice(11, 16)} UTC`;
    expect(entry.text).toBe(
      `🔓 *Reopened*: GuardDuty saw this again at ${clock}, 1 minute after it was resolved by rita.responder`,
    );
    // The thread never pings: the resolver is named, not mentioned.
    expect(entry.text).not.toMatch(/<@/);

    await eventually(() => (/Triggered/.test(cardText()) ? true : undefined));
    const status = cardText();
    expect(status).toContain('🔓 *Reopened*: GuardDuty saw this again at <!date^');
    expect(status).not.toMatch(/reopened 1 time/);
  });
});
