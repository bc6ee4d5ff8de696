import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalationJobId } from '../../src/incidents/timers.js';
import { composer } from '../../src/main/compose.js';
import { JobName } from '../../src/platform/queue/names.js';
import type { StoredMessage } from '../../src/sandbox/slack-api/index.js';
import { guardDutyAlert } from '../incidents/helpers/alerts.js';
import { eventually } from '../incidents/helpers/fake-outbox.js';
import { type Harness, startHarness, TEST_CHANNEL } from '../support/harness.js';

/**
 * Escalations as a person reads them, through the production composition, the real Bolt app and
 * the Slack stand-in: every level is a reply in the incident's thread; the channel gets one post
 * per level only when an on-call group is actually paged; with nobody to page, the incident
 * escalates once, quietly, instead of three times five minutes apart.
 */

const dir = mkdtempSync(join(tmpdir(), 'wk-escalation-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFile(name: string, yaml: string): string {
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
}

async function start(yaml: string, name: string): Promise<Harness> {
  return startHarness({
    commands: [],
    env: { WATCHKEEPER_CONFIG: configFile(name, yaml) },
    compose: composer({ cardUpdateIntervalMs: 100 }),
  });
}

const topLevel = (h: Harness): StoredMessage[] =>
  h.slack.store.messagesIn(TEST_CHANNEL).filter((m) => !m.threadTs);

function cardWith(h: Harness, text: string): StoredMessage | undefined {
  return topLevel(h).find((m) => JSON.stringify(m.blocks ?? []).includes(text));
}

async function openCritical(h: Harness, key: string, instance: string): Promise<StoredMessage> {
  await h.bot.ctx.queues.alerts.add(JobName.Alert, {
    alert: guardDutyAlert({
      dedupeKey: key,
      severity: 9.5,
      severityLabel: 'critical',
      title: `Root account used on ${instance}`,
      resource: { type: 'Instance', id: instance, tags: {} },
    }),
    origin: 'test',
    receivedAt: new Date().toISOString(),
  });
  return eventually(() => cardWith(h, instance));
}

/** The incident id the card shows (`INC-…`). */
function incidentIdOf(card: StoredMessage): string {
  const match = /INC-[A-Za-z0-9]+/.exec(card.text);
  if (!match) throw new Error('no incident id on the card');
  return match[0];
}

/** Waits until the escalation timer to `level` has run to the end (scheduling included). */
async function escalated(h: Harness, incidentId: string, level: number): Promise<true> {
  return eventually(async () => {
    const job = await h.bot.ctx.queues.timers.getJob(escalationJobId(incidentId, level));
    return job !== undefined && (await job.isCompleted()) ? true : undefined;
  });
}

describe('escalation with no on-call group configured', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start('escalation:\n  levels: 3\n  timeoutsMinutes:\n    critical: 0.002\n', 'no-group.yaml');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('notes the escalation once in the thread, posts nothing in the channel and stops there', async () => {
    const card = await openCritical(h, 'gd-root-nobody', 'i-0nobodypaged1');
    const id = incidentIdOf(card);
    await escalated(h, id, 1);
    const entry = await eventually(() =>
      h.slack.store.threadOf(TEST_CHANNEL, card.ts).find((m) => m.text.includes('Escalated to level 1')),
    );
    expect(entry.text).toContain('nobody paged');
    // No level 2 or 3 five minutes apart: nobody would hear them.
    expect(await h.bot.ctx.queues.timers.getJob(escalationJobId(id, 2))).toBeUndefined();
    // The channel holds the card alone; the missing group is not complained about per message.
    expect(topLevel(h).filter((m) => m.ts !== card.ts)).toEqual([]);
    const everything = h.slack.store
      .messagesIn(TEST_CHANNEL)
      .map((m) => m.text)
      .join('\n');
    expect(everything).not.toMatch(/no on-call user group/);
  });
});

describe('escalation with an on-call group', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start(
      'escalation:\n  levels: 2\n  onCallUserGroup: S0ONCALL01\n  timeoutsMinutes:\n    critical: 0.002\n',
      'group.yaml',
    );
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('posts one channel-level page per level and a thread entry for each', async () => {
    const card = await openCritical(h, 'gd-root-paged', 'i-0oncallpaged1');
    const id = incidentIdOf(card);
    await escalated(h, id, 1);
    await escalated(h, id, 2);
    const pages = await eventually(() => {
      const found = topLevel(h).filter((m) => m.text.includes('<!subteam^S0ONCALL01>'));
      return found.length === 2 ? found : undefined;
    });
    expect(pages.map((m) => /level (\d)/.exec(m.text)?.[1])).toEqual(['1', '2']);
    const thread = await eventually(() => {
      const entries = h.slack.store
        .threadOf(TEST_CHANNEL, card.ts)
        .filter((m) => m.text.includes('Escalated to level'));
      return entries.length === 2 ? entries : undefined;
    });
    for (const entry of thread) {
      expect(entry.text).toContain('on-call group paged');
      // The thread names the page; only the channel-level post mentions the group.
      expect(entry.text).not.toMatch(/<!subteam/);
    }
    expect(await h.bot.ctx.queues.timers.getJob(escalationJobId(id, 3))).toBeUndefined();
  });
});
