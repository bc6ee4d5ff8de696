import { existsSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sandboxComposer } from '../../src/cli/verbs/demo.js';
import { INCIDENT_ACTION_IDS } from '../../src/incidents/card/ids.js';
import { createLogger } from '../../src/platform/log/logger.js';
import { DEMO_CHANNEL, type RunningDemo, startDemo } from '../../src/sandbox/demo.js';
import {
  SAMPLE_ACCOUNT_ID,
  SAMPLE_REGION,
  sampleRemediationState,
} from '../../src/sandbox/sample-account/index.js';
import {
  CHROMIUM_PATH,
  chooseFromMenu,
  clickButton,
  confirmDialog,
  launchChromium,
  openSandbox,
  openThread,
  screenshot,
  submitModal,
  switchUser,
  waitForMessageContaining,
} from './sandbox-page.js';

/**
 * Two-person containment in the sandbox, end to end in Debian's Chromium: the demo as `npm run
 * demo` runs it (sample account, real bot, Slack stand-in and its page). Riley (responder) asks
 * to isolate the sample Bitcoin-mining instance from its card's Contain… menu, reads the preview
 * and confirms with a reason; the request waits in the card's thread; Riley's own Approve is
 * refused; Sasha (security admin) approves; the thread shows the verified result and the sample
 * account's instance is in the isolation group; Undo puts it back. Screenshots of the preview, the
 * refusal and the thread go to test-results/screenshots.
 */

const chromiumPresent = existsSync(CHROMIUM_PATH);
const mustRun = process.env.CI === 'true';

const INSTANCE = 'i-0sample000000002';
const INTERFACE = 'eni-0sample000000002';
const ORIGINAL_GROUP = 'sg-0sampleweb000001';
const RILEY = 'Riley Responder (responder)';
const SASHA = 'Sasha Secadmin (security-admin)';

describe.runIf(chromiumPresent || mustRun)('two-person containment in the sandbox page', () => {
  const account = sampleRemediationState();
  let demo: RunningDemo | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let card: Locator;
  let cardTs: string;

  beforeAll(async () => {
    browser = await launchChromium();
    demo = await startDemo({
      port: 0,
      logger: createLogger({ level: 'silent' }),
      compose: sandboxComposer(() => new Date(), { remediationState: account }),
    });
    page = await openSandbox(browser, demo.url);
    const running = demo;
    // The Bitcoin-mining finding on the instance is among the first the sample GuardDuty serves.
    const stored = await vi.waitFor(
      () => {
        const found = running.slack.store.messagesIn(DEMO_CHANNEL.id).find((m) => {
          const blocks = JSON.stringify(m.blocks ?? []);
          return !m.threadTs && blocks.includes(INCIDENT_ACTION_IDS.acknowledge) && blocks.includes(INSTANCE);
        });
        if (!found) throw new Error(`no incident card for ${INSTANCE} yet`);
        return found;
      },
      { timeout: 60_000, interval: 200 },
    );
    cardTs = stored.ts;
    card = page.locator(`article.message[data-ts="${cardTs}"]`).first();
    await card.waitFor({ state: 'visible', timeout: 15_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('Riley asks to isolate the instance, Riley cannot approve, Sasha approves, and the sample account changes', {
    timeout: 120_000,
  }, async () => {
    const running = demo as RunningDemo;
    expect(account.instances.get(INSTANCE)?.interfaces.get(INTERFACE)).toEqual([ORIGINAL_GROUP]);

    // Riley opens Contain… on the card and picks the action: the preview modal fills in.
    await switchUser(page, RILEY);
    await chooseFromMenu(page, 'Contain…', 'Isolate the instance', card);
    const modal = page.locator('.modal');
    await expect.poll(() => modal.textContent(), { timeout: 20_000 }).toContain('AWS calls, in order');
    const preview = (await modal.textContent()) ?? '';
    for (const shown of [
      SAMPLE_ACCOUNT_ID,
      SAMPLE_REGION,
      `EC2 instance ${INSTANCE}`,
      'CreateSnapshot',
      'CreateSecurityGroup',
      'ModifyNetworkInterfaceAttribute',
      'A second person must approve',
    ])
      expect(preview).toContain(shown);
    await screenshot(page, 'containment-preview');

    expect(await submitModal(page, { Reason: 'Sample miner: cut it off before it spreads' })).toEqual([]);

    // The request waits in the card's thread with Approve and Reject; nothing changed yet.
    const thread = await openThread(page, cardTs);
    const request = thread.locator('article.message', { hasText: 'asks to' }).last();
    await request.waitFor({ state: 'visible', timeout: 20_000 });
    await expect.poll(() => request.textContent()).toContain('Sample miner: cut it off before it spreads');
    await expect.poll(() => request.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(1);
    await expect.poll(() => request.getByRole('button', { name: 'Reject', exact: true }).count()).toBe(1);
    expect(account.instances.get(INSTANCE)?.interfaces.get(INTERFACE)).toEqual([ORIGINAL_GROUP]);

    // Riley cannot approve their own request: the answer is for them alone.
    await clickButton(page, 'Approve', request);
    const refusal = await waitForMessageContaining(page, 'your own containment request');
    await expect.poll(() => refusal.getAttribute('class')).toContain('ephemeral');
    expect(await refusal.textContent()).toContain("You can't approve your own containment request");
    await screenshot(page, 'containment-own-approval-refused');
    expect(account.instances.get(INSTANCE)?.interfaces.get(INTERFACE)).toEqual([ORIGINAL_GROUP]);

    // Sasha approves; the job isolates the instance and the thread shows the read-back.
    await switchUser(page, SASHA);
    await openThread(page, cardTs);
    await clickButton(page, 'Approve', request);
    const result = thread.locator('article.message', { hasText: 'Contained' }).last();
    await result.waitFor({ state: 'visible', timeout: 30_000 });
    const groups = account.instances.get(INSTANCE)?.interfaces.get(INTERFACE) ?? [];
    expect(groups).toHaveLength(1);
    const isolation = groups[0] ?? '';
    expect(isolation).not.toBe(ORIGINAL_GROUP);
    expect(account.securityGroups.get(isolation)).toMatchObject({
      name: 'watchkeeper-isolation',
      egressOpen: false,
    });
    expect([...account.snapshots.values()]).toEqual(['vol-0sample000000002']);
    const resultText = (await result.textContent()) ?? '';
    expect(resultText).toContain('Isolate the instance');
    expect(resultText).toContain(
      `Verified: every network interface is in the isolation group watchkeeper-isolation (${isolation}) only`,
    );
    await expect.poll(() => result.getByRole('button', { name: 'Undo', exact: true }).count()).toBe(1);
    await expect
      .poll(() => request.textContent(), { timeout: 20_000 })
      .toMatch(/Approved by @Sasha Secadmin/);
    await expect.poll(() => request.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(0);

    // What Slack stores is what the page shows: the request, approved, then the verified result.
    const replies = running.slack.store.threadOf(DEMO_CHANNEL.id, cardTs).map((m) => m.text);
    expect(replies.some((t) => t.includes('Approved by'))).toBe(true);
    expect(replies.some((t) => t.includes('Contained') && t.includes(isolation))).toBe(true);

    // The request (who, why, the calls, who approved) and the result below it, on one screen.
    await request.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'containment-thread-approved');
  });

  it('Undo puts the instance back in its groups, and the thread says so', { timeout: 60_000 }, async () => {
    await switchUser(page, SASHA);
    const thread = await openThread(page, cardTs);
    await clickButton(page, 'Undo', thread.locator('article.message', { hasText: 'Contained' }).last());
    await confirmDialog(page);
    const undone = thread.locator('article.message', { hasText: 'Undone by' }).last();
    await undone.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await undone.textContent()).toContain('Verified: the previous security groups are back');
    expect(account.instances.get(INSTANCE)?.interfaces.get(INTERFACE)).toEqual([ORIGINAL_GROUP]);
  });
});
