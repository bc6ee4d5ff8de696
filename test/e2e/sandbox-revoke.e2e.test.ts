import { existsSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxComposer } from '../../src/cli/verbs/demo.js';
import { createLogger } from '../../src/platform/log/logger.js';
import { type RunningDemo, startDemo } from '../../src/sandbox/demo.js';
import {
  createSampleIamRemediation,
  sampleAccessKeyId,
} from '../../src/sandbox/sample-account/iam-remediation.js';
import {
  CHROMIUM_PATH,
  clickButton,
  launchChromium,
  modalTitled,
  openChannel,
  openSandbox,
  pressModalSubmit,
  screenshot,
  sendCommand,
  switchUser,
  tickModalOption,
  typeInModal,
  waitForMessageContaining,
} from './sandbox-page.js';

/**
 * An access-review Revoke that changes IAM, in the sandbox page as `npm run demo` runs it. Sasha
 * (security admin) runs /access-review, starts the review campaign (unowned principals come to
 * her DM), clicks Revoke on user legacy-etl, ticks "Change IAM", reads the "Confirm the revoke"
 * list (its one active key, masked, and AmazonS3FullAccess, attached directly), confirms, and
 * the item message shows what changed, which the sample account's IAM then holds. Screenshots
 * at 1,280 px: test-results/screenshots/revoke-*.png. Runs wherever /usr/bin/chromium exists;
 * in CI (CI=true) a missing Chromium fails the run.
 */

const chromiumPresent = existsSync(CHROMIUM_PATH);
const mustRun = process.env.CI === 'true';

const SASHA = 'Sasha Secadmin (security-admin)';
/** The stand-in's DM between the app and Sasha (U0DEMOADMN). */
const SASHAS_DM = 'D0DEMOADMN';
const USER = 'legacy-etl';
const KEY_ID = sampleAccessKeyId(USER, 1);
const KEY_MASKED = `AKIA…${KEY_ID.slice(-4)}`;
const S3_FULL = 'arn:aws:iam::aws:policy/AmazonS3FullAccess';
const WHY = 'Legacy ETL job retired in Q3 (sample)';
/**
 * The outbox posts to one channel about once a second (Slack's rate), so the review's ~55
 * principal messages take about a minute to reach the DM, and the revoked item's update queues
 * behind the ones still going out: generous waits, never speed assertions.
 */
const FAN_OUT_WAIT_MS = 120_000;

/** The bullet lines of a modal as a person reads them: the list of changes. */
async function listedLines(modal: Locator): Promise<string[]> {
  // biome-ignore lint/performance/useDomNodeTextContent: the lines as rendered are what is checked
  const text = await modal.locator('.modal-body').innerText();
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('•'));
}

describe.runIf(chromiumPresent || mustRun)('access-review Revoke with "Change IAM" in the sandbox', () => {
  const sampleIam = createSampleIamRemediation({ now: () => new Date() });
  let demo: RunningDemo | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    demo = await startDemo({
      port: 0,
      logger: createLogger({ level: 'silent' }),
      compose: sandboxComposer(() => new Date(), { iamRemediation: sampleIam }),
    });
    page = await openSandbox(browser, demo.url);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it(
    'starts a review campaign as the security admin; the principals come to her DM',
    async () => {
      const running = demo as RunningDemo;
      await switchUser(page, SASHA);
      await sendCommand(page, '/access-review');
      const report = page.locator('article.message', { hasText: 'Start review' }).last();
      await report.waitFor({ state: 'visible', timeout: FAN_OUT_WAIT_MS });
      await clickButton(page, 'Start review', report);
      const plan = await waitForMessageContaining(page, 'Start the access review of');
      await plan.getByRole('button', { name: /^Start review: send \d+ messages$/ }).click();
      await waitForMessageContaining(page, 'Starting the access review of');
      await expect
        .poll(() => running.slack.store.messagesIn(SASHAS_DM).some((m) => m.text.includes(`user ${USER} `)), {
          timeout: FAN_OUT_WAIT_MS,
        })
        .toBe(true);
    },
    FAN_OUT_WAIT_MS + 60_000,
  );

  it('Revoke with "Change IAM" shows the exact list first, and nothing changes before it is confirmed', async () => {
    await openChannel(page, SASHAS_DM);
    const item = page.locator('article.message', { hasText: `IAM user ${USER}` }).last();
    await item.waitFor({ state: 'visible', timeout: 15_000 });
    await clickButton(page, 'Revoke', item);
    await modalTitled(page, 'Revoke access');
    await typeInModal(page, { 'Why revoke it?': WHY });
    await tickModalOption(page, 'Deactivate access keys and detach managed policies');
    await pressModalSubmit(page);

    const confirm = await modalTitled(page, 'Confirm the revoke');
    await confirm.getByText('These changes will be made in IAM').waitFor({ state: 'visible' });
    const body = (await confirm.locator('.modal-body').textContent()) ?? '';
    expect(body).toContain(`IAM user ${USER}`);
    expect(body).toContain('Deactivate 1 access key');
    expect(body).toContain('Detach 1 managed policy');
    expect(await listedLines(confirm)).toEqual([`• ${KEY_MASKED}`, `• ${S3_FULL}`]);
    expect(body).toContain(WHY);
    expect(body).not.toContain(KEY_ID);
    await expect
      .poll(() => confirm.locator('[data-role="submit"]').textContent())
      .toBe('Revoke and change IAM');
    expect(sampleIam.accessKeysOf(USER)).toEqual([{ id: KEY_ID, status: 'Active' }]);
    expect(sampleIam.attachedPoliciesOf({ kind: 'user', name: USER })).toEqual([S3_FULL]);
    await screenshot(page, 'revoke-01-confirm-list');
  }, 60_000);

  it(
    'confirming applies exactly the list: the item message says what changed, and IAM holds it',
    async () => {
      await pressModalSubmit(page);
      await page.locator('.modal').waitFor({ state: 'detached', timeout: 15_000 });
      const item = page.locator('article.message', { hasText: `IAM user ${USER}` }).last();
      await expect
        .poll(() => item.textContent(), { timeout: FAN_OUT_WAIT_MS })
        .toContain(`Remediation: deactivated keys: ${KEY_MASKED}; detached policies: ${S3_FULL}`);
      const text = (await item.textContent()) ?? '';
      expect(text).toContain(WHY);
      expect(text).not.toContain(KEY_ID);
      await expect.poll(() => item.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
      expect(sampleIam.accessKeysOf(USER)).toEqual([{ id: KEY_ID, status: 'Inactive' }]);
      expect(sampleIam.attachedPoliciesOf({ kind: 'user', name: USER })).toEqual([]);
      // Nobody else's IAM changed.
      expect(sampleIam.accessKeysOf('deploy-bot').map((k) => k.status)).toEqual(['Active', 'Active']);
      await item.scrollIntoViewIfNeeded();
      await screenshot(page, 'revoke-02-outcome');
    },
    FAN_OUT_WAIT_MS + 30_000,
  );
});
