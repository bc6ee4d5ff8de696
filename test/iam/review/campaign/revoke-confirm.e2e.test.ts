import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAMPAIGN_MODAL_FIELDS as F } from '../../../../src/iam/review/campaign/blocks.js';
import type { CampaignDeps } from '../../../../src/iam/review/campaign/deps.js';
import { ACCESS_REVIEW_ACTION_IDS as A, ACCESS_REVIEW_CALLBACK_IDS } from '../../../../src/iam/review/ids.js';
import { saveReport } from '../../../../src/iam/review/report-store.js';
import type { AppContext } from '../../../../src/platform/context.js';
import { mountWebUi } from '../../../../src/sandbox/web/index.js';
import { createOutbox } from '../../../../src/slack/outbox/index.js';
import { accessReviewListener, accessReviewWorkflow } from '../../../../workflows/access-review.js';
import { outboxWorkflow } from '../../../../workflows/outbox.js';
import {
  CHROMIUM_PATH,
  launchChromium,
  openSandbox,
  screenshot,
  switchUser,
} from '../../../e2e/sandbox-page.js';
import { type Harness, SECURITY_ADMIN, startHarness, TEST_CHANNEL } from '../../../support/harness.js';
import { registry, remediationRecorder, storedReport } from './fixture.js';

/**
 * The revoke confirmation as a security admin sees it, in the sandbox's browser page over the
 * real bot and the Slack stand-in, at 1,280 px (test-results/screenshots/campaign-revoke-*.png).
 * The demo itself keeps access-review remediation off and has no sample IAM remediation, so this
 * runs the campaign with a recorded remediation (24 managed policies: the list shows 20 and
 * counts the rest). Runs wherever /usr/bin/chromium exists; in CI a missing Chromium fails it.
 */

const chromiumPresent = existsSync(CHROMIUM_PATH);
const mustRun = process.env.CI === 'true';

async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.runIf(chromiumPresent || mustRun)('the revoke confirmation in the sandbox page', () => {
  let h: Harness;
  let browser: Browser | undefined;
  let page: Page;
  const recorder = remediationRecorder({ policies: 24 });

  beforeAll(async () => {
    const configFile = join(mkdtempSync(join(tmpdir(), 'wk-revoke-')), 'watchkeeper.yaml');
    writeFileSync(configFile, `accessReview:\n  campaign:\n    channel: "${TEST_CHANNEL}"\n`);
    h = await startHarness({
      env: { WATCHKEEPER_CONFIG: configFile, WATCHKEEPER_ACCESS_REVIEW_REMEDIATION: 'true' },
      compose: async () => (ctx: AppContext) => {
        const deps: CampaignDeps = {
          outbox: createOutbox({ queues: ctx.queues, redis: ctx.redis, prefix: ctx.config.redis.prefix }),
          ownersRegistry: async () => registry,
          remediationFor: recorder.remediationFor,
        };
        return {
          workflows: [
            accessReviewWorkflow(deps),
            outboxWorkflow({
              renderCard: async () => undefined,
              cardUpdateIntervalMs: 100,
              bucket: { capacity: 50, refillPerSecond: 50 },
            }),
          ],
          listeners: [accessReviewListener(deps)],
        };
      },
    });
    mountWebUi(h.slack);
    browser = await launchChromium();
    page = await openSandbox(browser, h.slack.url);
  });
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('Start review → the principal’s message → Revoke with "Change IAM": the exact list, at 1,280 px', async () => {
    const prefix = h.bot.ctx.config.redis.prefix;
    const principals = storedReport('x').report.principals.filter((p) => p.name === 'legacy-admin');
    await saveReport(h.bot.ctx.redis, prefix, storedReport('ar-shot', principals));
    const posted = await h.bot.ctx.slack.chat.postMessage({
      channel: TEST_CHANNEL,
      text: 'IAM access review',
      blocks: [
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: A.startCampaign,
              text: { type: 'plain_text', text: 'Start review' },
              value: 'ar-shot',
            },
          ],
        },
      ],
    });
    await h.slack.sender.sendBlockActions({
      userId: SECURITY_ADMIN,
      channelId: TEST_CHANNEL,
      messageTs: String(posted.ts),
      actions: [{ actionId: A.startCampaign }],
    });
    const plan = await eventually(
      () =>
        h.slack.store
          .ephemeralsFor(SECURITY_ADMIN, TEST_CHANNEL)
          .find((e) => JSON.stringify(e.blocks ?? []).includes(A.confirmStartCampaign)),
      'the campaign plan',
    );
    await h.slack.sender.sendBlockActions({
      userId: SECURITY_ADMIN,
      channelId: TEST_CHANNEL,
      messageTs: plan.ts,
      actions: [{ actionId: A.confirmStartCampaign }],
    });
    const item = await eventually(
      () =>
        h.slack.store
          .messagesIn(TEST_CHANNEL)
          .find(
            (m) => m.text.startsWith('Access review:') && JSON.stringify(m.blocks).includes('legacy-admin'),
          ),
      'the principal’s message',
    );
    await h.slack.sender.sendBlockActions({
      userId: SECURITY_ADMIN,
      channelId: TEST_CHANNEL,
      messageTs: item.ts,
      actions: [{ actionId: A.revoke }],
    });
    const modal = await eventually(() => h.slack.store.openViewsOf(SECURITY_ADMIN)[0], 'the Revoke modal');
    await h.slack.sender.sendViewSubmission({
      userId: SECURITY_ADMIN,
      viewId: modal.id,
      values: {
        [F.justificationBlock]: {
          [F.justificationInput]: {
            type: 'plain_text_input',
            value: 'Left the company in March; no sign-in since.',
          },
        },
        [F.confirmBlock]: {
          [F.confirmInput]: {
            type: 'checkboxes',
            selected_options: [{ value: F.confirmValue, text: { type: 'plain_text', text: 'Change IAM' } }],
          },
        },
      },
    });
    await eventually(() => {
      const view = h.slack.store.views.get(modal.id)?.view as
        | { callback_id?: string; submit?: unknown }
        | undefined;
      return view?.callback_id === ACCESS_REVIEW_CALLBACK_IDS.revokeConfirm && view.submit ? true : undefined;
    }, 'the confirmation');

    await switchUser(page, 'Sam Secadmin');
    const shown = page.locator('.modal');
    await shown.waitFor({ state: 'visible', timeout: 10_000 });
    const text = (await shown.textContent()) ?? '';
    expect(text).toContain('Confirm the revoke');
    expect(text).toContain('legacy-admin');
    expect(text).toContain('Detach 24 managed policies');
    expect(text).toContain('and 4 more managed policies');
    expect(text).toContain('Revoke and change IAM');
    await screenshot(page, 'campaign-revoke-confirm');
    await shown.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
      for (const child of el.querySelectorAll('*'))
        if (child.scrollHeight > child.clientHeight) child.scrollTop = child.scrollHeight;
    });
    await screenshot(page, 'campaign-revoke-confirm-end');
    expect(recorder.calls.filter((c) => c.includes(' apply '))).toEqual([]);
  });
});
