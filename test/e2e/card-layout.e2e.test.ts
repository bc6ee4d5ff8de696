import { existsSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sandboxComposer } from '../../src/cli/verbs/demo.js';
import { INCIDENT_ACTION_IDS } from '../../src/incidents/card/ids.js';
import { createLogger } from '../../src/platform/log/logger.js';
import { DEMO_CHANNEL, type RunningDemo, startDemo } from '../../src/sandbox/demo.js';
import {
  CHROMIUM_PATH,
  clickButton,
  launchChromium,
  openSandbox,
  screenshot,
  submitModal,
  switchUser,
} from './sandbox-page.js';

/**
 * The incident card as a person sees it in the sandbox page at 1,280 px: an open card is at most
 * 700 px tall and its Acknowledge button is on screen when the card's top is, without scrolling
 * through the card. Screenshots of the open and the resolved card go to test-results/screenshots.
 */

const chromiumPresent = existsSync(CHROMIUM_PATH);
const mustRun = process.env.CI === 'true';
const MAX_OPEN_CARD_PX = 700;

describe.runIf(chromiumPresent || mustRun)('the incident card in the sandbox page', () => {
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
    // The sample account's GuardDuty findings become cards through the real sync and outbox.
    const stored = await vi.waitFor(
      () => {
        const found = running.slack.store
          .messagesIn(DEMO_CHANNEL.id)
          .find(
            (m) => !m.threadTs && JSON.stringify(m.blocks ?? []).includes(INCIDENT_ACTION_IDS.acknowledge),
          );
        if (!found) throw new Error('no incident card yet');
        return found;
      },
      { timeout: 30_000, interval: 200 },
    );
    card = page.locator(`article.message[data-ts="${stored.ts}"]`);
    if ((await card.count()) === 0) {
      const title = String((stored.blocks as Array<{ text?: { text?: string } }>)[0]?.text?.text ?? '');
      card = page.locator('article.message', { hasText: title.slice(0, 60) }).first();
    }
    await card.waitFor({ state: 'visible', timeout: 15_000 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('is at most 700 px tall at 1,280 px width, and Acknowledge shows without scrolling the card', async () => {
    expect(page.viewportSize()?.width).toBe(1280);
    await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const box = await card.boundingBox();
    expect(box).not.toBeNull();
    expect(box?.height ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(MAX_OPEN_CARD_PX);
    const acknowledge = card.getByRole('button', { name: 'Acknowledge', exact: true });
    const ack = await acknowledge.boundingBox();
    const viewport = page.viewportSize()?.height ?? 0;
    expect(ack).not.toBeNull();
    // With the card's top on screen, the button is on screen too: no scrolling through the card.
    expect((ack?.y ?? Number.POSITIVE_INFINITY) + (ack?.height ?? 0)).toBeLessThanOrEqual(viewport);
    expect(ack?.y ?? -1).toBeGreaterThanOrEqual(box?.y ?? 0);
    await card.screenshot({ path: 'test-results/screenshots/incident-card.png' });
    await screenshot(page, 'card-layout-open');
  });

  it('opens the runbook checklist from the card; a tick shows who did it, and the card shows the progress', async () => {
    await switchUser(page, 'Riley Responder (responder)');
    await clickButton(page, 'Runbook', card);
    const modal = page.locator('.modal');
    await modal.waitFor({ state: 'visible', timeout: 15_000 });
    await modal.locator('input[type="checkbox"]').first().check({ timeout: 15_000 });
    await expect.poll(() => modal.textContent(), { timeout: 20_000 }).toContain('✓ 1.');
    await screenshot(page, 'card-layout-runbook-modal');
    await modal.locator('[data-role="close"]').click();
    await expect.poll(() => card.textContent(), { timeout: 20_000 }).toMatch(/Runbook: 1 of \d+ steps done/);
  });

  it('collapses once resolved: shorter, with who resolved it and why', async () => {
    await switchUser(page, 'Riley Responder (responder)');
    const before = (await card.boundingBox())?.height ?? 0;
    await clickButton(page, 'Resolve', card);
    expect(
      await submitModal(page, { Resolution: 'Isolated the instance (sample)', 'Root cause': 'Malware' }),
    ).toEqual([]);
    await expect.poll(() => card.textContent(), { timeout: 20_000 }).toMatch(/Resolved by/);
    await expect.poll(() => card.getByRole('button', { name: 'Acknowledge', exact: true }).count()).toBe(0);
    const after = (await card.boundingBox())?.height ?? Number.POSITIVE_INFINITY;
    expect(after).toBeLessThan(before);
    expect(await card.textContent()).toContain('Isolated the instance (sample)');
    await card.screenshot({ path: 'test-results/screenshots/incident-resolved.png' });
  });
});
