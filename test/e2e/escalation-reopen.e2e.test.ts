import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT_ACTION_IDS, RESOLVE_MODAL_IDS } from '../../src/incidents/card/ids.js';
import { composer } from '../../src/main/compose.js';
import { createSilentLogger } from '../../src/platform/log/logger.js';
import { JobName } from '../../src/platform/queue/names.js';
import type { StoredMessage } from '../../src/sandbox/slack-api/index.js';
import { mountWebUi } from '../../src/sandbox/web/index.js';
import { guardDutyAlert } from '../incidents/helpers/alerts.js';
import { eventually } from '../incidents/helpers/fake-outbox.js';
import { type Harness, RESPONDER, startHarness, TEST_CHANNEL } from '../support/harness.js';
import { CHROMIUM_PATH, launchChromium, openSandbox, screenshot } from './sandbox-page.js';

/**
 * Escalations and reopenings as a person sees them in the sandbox page at 1,280 px: an escalated
 * incident's thread holds the escalation, the channel holds no escalation post when nobody is
 * paged, and a reopened card says so in words. Screenshots go to test-results/screenshots.
 */
const chromiumPresent = existsSync(CHROMIUM_PATH);
const mustRun = process.env.CI === 'true';
const dir = mkdtempSync(join(tmpdir(), 'wk-e2e-escalation-'));

describe.runIf(chromiumPresent || mustRun)('escalations and reopenings in the sandbox page', () => {
  let h: Harness;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    const file = join(dir, 'config.yaml');
    writeFileSync(
      file,
      'escalation:\n  levels: 3\n  timeoutsMinutes:\n    critical: 0.002\n    high: null\n',
    );
    h = await startHarness({
      commands: [],
      env: { WATCHKEEPER_CONFIG: file },
      compose: composer({ cardUpdateIntervalMs: 100 }),
    });
    mountWebUi(h.slack, { logger: createSilentLogger() });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const cardFor = (instance: string): StoredMessage | undefined =>
    h.slack.store
      .messagesIn(TEST_CHANNEL)
      .find((m) => !m.threadTs && JSON.stringify(m.blocks ?? []).includes(instance));

  async function alert(instance: string, key: string, critical: boolean, lastSeen = new Date()) {
    await h.bot.ctx.queues.alerts.add(JobName.Alert, {
      alert: guardDutyAlert({
        dedupeKey: key,
        ...(critical ? { severity: 9.5, severityLabel: 'critical' as const } : {}),
        title: critical ? 'Root account credentials were used' : 'API invoked from a listed malicious IP',
        resource: { type: 'Instance', id: instance, tags: {} },
        firstSeen: new Date(Date.now() - 120_000).toISOString(),
        lastSeen: lastSeen.toISOString(),
        revision: lastSeen.toISOString(),
      }),
      origin: 'test',
      receivedAt: new Date().toISOString(),
    });
  }

  async function threadOpened(ts: string): Promise<Locator> {
    const card = page.locator(`article.message[data-ts="${ts}"]`);
    await card.waitFor({ state: 'visible', timeout: 15_000 });
    const toggle = page.locator(`button.thread-toggle[data-thread="${ts}"]`);
    await toggle.click();
    const thread = page.locator(`div.thread[data-thread="${ts}"]`);
    await thread.waitFor({ state: 'visible', timeout: 15_000 });
    return card;
  }

  it('shows the escalation in the thread and no escalation post in the channel', async () => {
    await alert('i-0rootusage001', 'gd-e2e-root', true);
    const stored = await eventually(() => cardFor('i-0rootusage001'));
    await eventually(() =>
      h.slack.store.threadOf(TEST_CHANNEL, stored.ts).find((m) => m.text.includes('Escalated to level 1')),
    );
    page = await openSandbox(browser as Browser, h.slack.url);
    const card = await threadOpened(stored.ts);
    await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const thread = page.locator(`div.thread[data-thread="${stored.ts}"]`);
    await expect
      .poll(() => thread.textContent(), { timeout: 15_000 })
      .toContain('Escalated to level 1 · nobody paged');
    await thread.evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await screenshot(page, 'escalated-incident-thread');
    const channelText = await page.locator('article.message:not(.thread article.message)').allTextContents();
    expect(channelText.join('\n')).not.toMatch(/escalated to level/i);
  });

  it('says on the card and in the thread that a resolved incident came back', async () => {
    await alert('i-0reopened0002', 'gd-e2e-reopen', false, new Date(Date.now() - 60_000));
    const stored = await eventually(() => cardFor('i-0reopened0002'));
    await h.slack.sender.sendBlockActions({
      userId: RESPONDER,
      channelId: TEST_CHANNEL,
      messageTs: stored.ts,
      actions: [{ actionId: INCIDENT_ACTION_IDS.resolve }],
    });
    const modal = await eventually(() => h.slack.store.openViewsOf(RESPONDER)[0]);
    await h.slack.sender.sendViewSubmission({
      userId: RESPONDER,
      viewId: modal.id,
      values: {
        [RESOLVE_MODAL_IDS.resolutionBlock]: {
          [RESOLVE_MODAL_IDS.resolutionInput]: {
            type: 'plain_text_input',
            value: 'Blocked the IP at the WAF',
          },
        },
        [RESOLVE_MODAL_IDS.rootCauseBlock]: {
          [RESOLVE_MODAL_IDS.rootCauseInput]: {
            type: 'static_select',
            selected_option: { value: 'malware', text: { type: 'plain_text', text: 'Malware' } },
          },
        },
      },
    });
    await eventually(() =>
      JSON.stringify(h.slack.store.findMessage(TEST_CHANNEL, stored.ts)?.blocks ?? []).includes('Resolved')
        ? true
        : undefined,
    );
    await alert('i-0reopened0002', 'gd-e2e-reopen', false, new Date(Date.now() + 61_000));
    await eventually(() =>
      JSON.stringify(h.slack.store.findMessage(TEST_CHANNEL, stored.ts)?.blocks ?? []).includes('*Reopened*')
        ? true
        : undefined,
    );
    await page.reload();
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 15_000 });
    const card = await threadOpened(stored.ts);
    await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await expect
      .poll(() => card.textContent(), { timeout: 15_000 })
      .toContain('Reopened: GuardDuty saw this again');
    const thread = page.locator(`div.thread[data-thread="${stored.ts}"]`);
    await expect
      .poll(() => thread.textContent(), { timeout: 15_000 })
      .toMatch(
        /Reopened: GuardDuty saw this again at \d\d:\d\d UTC, 1 minute after it was resolved by rita\.responder/,
      );
    await screenshot(page, 'reopened-card');
  });
});
