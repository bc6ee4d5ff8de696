import { existsSync, readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import { sandboxComposer } from '../../src/cli/verbs/demo.js';
import { createLogger } from '../../src/platform/log/logger.js';
import { DEMO_CHANNEL, type RunningDemo, startDemo } from '../../src/sandbox/demo.js';
import { CHROMIUM_PATH, launchChromium, openSandbox, screenshot } from '../e2e/sandbox-page.js';

/**
 * What a responder sees of one caller refused on 30 instances, each call its own EventBridge
 * CloudTrail event: one card in the sandbox page at 1,280 px whose key facts say "Targets (30)"
 * and name the first instances. Screenshot: test-results/screenshots/targets-card.png.
 */

const chromiumPresent = existsSync(CHROMIUM_PATH);
const mustRun = process.env.CI === 'true';

const burst = JSON.parse(
  readFileSync(new URL('../fixtures/alerts/cloudtrail/access-denied-burst.json', import.meta.url), 'utf8'),
) as { Records: Array<Record<string, unknown>> };

describe.runIf(chromiumPresent || mustRun)('the Targets fact in the sandbox page', () => {
  let demo: RunningDemo | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let card: Locator;

  beforeAll(async () => {
    browser = await launchChromium();
    demo = await startDemo({
      port: 0,
      logger: createLogger({ level: 'silent' }),
      compose: sandboxComposer(() => new Date()),
    });
    page = await openSandbox(browser, demo.url);
    const running = demo;
    // Dated now, so the sandbox's own clock groups them as one burst.
    const now = Date.now();
    for (const [n, record] of burst.Records.entries()) {
      const time = new Date(now - (30 - n) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const res = await fetch(`${running.bot.url}/intake/eventbridge`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [API_KEY_HEADER]: running.eventBridgeApiKey },
        body: JSON.stringify({
          version: '0',
          id: `1a2b3c4d-5e6f-4a7b-8c9d-${String(n).padStart(12, '0')}`,
          'detail-type': 'AWS API Call via CloudTrail',
          source: 'aws.ec2',
          account: record.recipientAccountId,
          time,
          region: record.awsRegion,
          resources: [],
          detail: { ...record, eventTime: time },
        }),
      });
      expect(res.status).toBe(202);
    }
    const stored = await vi.waitFor(
      () => {
        const found = running.slack.store
          .messagesIn(DEMO_CHANNEL.id)
          .find((m) => !m.threadTs && JSON.stringify(m.blocks ?? []).includes('Targets (30)'));
        if (!found) throw new Error('no card with 30 targets yet');
        return found;
      },
      { timeout: 60_000, interval: 200 },
    );
    card = page.locator(`article.message[data-ts="${stored.ts}"]`);
    await card.waitFor({ state: 'visible', timeout: 15_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('shows the count and the first instance ids as a key fact, on one card', async () => {
    expect(page.viewportSize()?.width).toBe(1280);
    await expect.poll(() => card.textContent(), { timeout: 20_000 }).toContain('Targets (30)');
    const text = (await card.textContent()) ?? '';
    expect(text).toMatch(/i-0a1b2c3d4e5f600, i-0a1b2c3d4e5f601, .* and \d+ more/);
    await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await card.screenshot({ path: 'test-results/screenshots/targets-card.png' });
    await screenshot(page, 'targets-card-page');
  });
});
