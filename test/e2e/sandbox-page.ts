import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Steps a person takes in the sandbox page, for the browser tests. Locators use what the page
 * shows (labels, button text) or its data-testid hooks, never its CSS layout.
 */

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = join('test-results', 'screenshots');

/** How long a step waits for the page to show something (a wait, not a speed assertion). */
const STEP_MS = 15_000;

/** Debian's Chromium, never a downloaded browser. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} is missing: install it with "apt-get install -y chromium" (CI's .ci/run does)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Opens the sandbox in a fresh browser context (no stored user choice) and waits for the first render. */
export async function openSandbox(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('body[data-ready="true"]').waitFor({ timeout: STEP_MS });
  await page.locator('[data-testid="live-status"].live').waitFor({ timeout: STEP_MS });
  return page;
}

/** Acts as another person: `label` is their name as the switch lists it. */
export async function switchUser(page: Page, label: string): Promise<void> {
  await page.getByTestId('user-select').selectOption({ label });
  await expect
    .poll(() => page.locator('#composer-note').textContent(), { timeout: STEP_MS })
    .toContain(label);
}

/** Types a slash command in the message box and sends it; fails with the page's error if it shows one. */
export async function sendCommand(page: Page, text: string): Promise<void> {
  const input = page.getByTestId('composer-input');
  await input.fill(text);
  await input.press('Enter');
  await expect
    .poll(
      async () =>
        (await input.inputValue()) === '' ? 'sent' : await page.getByTestId('composer-error').textContent(),
      {
        timeout: STEP_MS,
      },
    )
    .toBe('sent');
}

/** The newest message (or ephemeral) whose text contains `text`, once the page shows it. */
export async function waitForMessageContaining(page: Page, text: string): Promise<Locator> {
  const message = page.locator('article.message', { hasText: text }).last();
  await message.waitFor({ state: 'visible', timeout: STEP_MS });
  return message;
}

/** Clicks a button by its text, inside `within` (a message, say) or anywhere on the page. */
export async function clickButton(page: Page, label: string, within?: Locator): Promise<void> {
  await (within ?? page).getByRole('button', { name: label, exact: true }).click({ timeout: STEP_MS });
}

/**
 * Fills the open modal's inputs by their labels (text inputs get typed, selects get the option
 * with that label) and presses its submit button; waits for the modal to close unless the bot
 * answered with errors, which are returned.
 */
export async function submitModal(page: Page, fields: Record<string, string>): Promise<string[]> {
  const modal = page.locator('.modal');
  await modal.waitFor({ state: 'visible', timeout: STEP_MS });
  for (const [label, value] of Object.entries(fields)) {
    const block = modal.locator('.block-input', { has: page.locator('.input-label', { hasText: label }) });
    const select = block.locator('select');
    if ((await select.count()) > 0) await select.selectOption({ label: value });
    else await block.locator('input, textarea').first().fill(value);
  }
  await modal.locator('[data-role="submit"]').click();
  // Errors left from an earlier attempt are still on screen right after the click, so wait for the
  // modal to close; if it stays open, the bot (or the page) answered with errors: return them.
  const closed = await modal
    .waitFor({ state: 'detached', timeout: 3_000 })
    .then(() => true)
    .catch(() => false);
  if (closed) return [];
  await expect
    .poll(() => modal.locator('.input-error:not(:empty)').count(), { timeout: STEP_MS })
    .toBeGreaterThan(0);
  return modal.locator('.input-error:not(:empty)').allTextContents();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}

/**
 * Picks an option of a select menu shown by its placeholder (an actions block's static select,
 * such as the card's "Contain…"), inside `within`; the page sends the choice to the bot at once.
 */
export async function chooseFromMenu(
  page: Page,
  placeholder: string,
  label: string,
  within?: Locator,
): Promise<void> {
  const menu = (within ?? page).locator('select', {
    has: page.locator('option', { hasText: placeholder }),
  });
  await menu.first().selectOption({ label }, { timeout: STEP_MS });
}

/** Opens the thread under the message with this ts (its "N replies" toggle) and returns it. */
export async function openThread(page: Page, ts: string): Promise<Locator> {
  const thread = page.locator(`div.thread[data-thread="${ts}"]`);
  if ((await thread.count()) === 0) {
    await page.locator(`button.thread-toggle[data-thread="${ts}"]`).click({ timeout: STEP_MS });
  }
  await thread.waitFor({ state: 'visible', timeout: STEP_MS });
  return thread;
}

/** Answers Slack's confirmation dialog (a button's `confirm`) with its confirm button. */
export async function confirmDialog(page: Page): Promise<void> {
  const dialog = page.locator('[role="alertdialog"]');
  await dialog.waitFor({ state: 'visible', timeout: STEP_MS });
  await dialog.locator('[data-role="confirm"]').click({ timeout: STEP_MS });
  await dialog.waitFor({ state: 'detached', timeout: STEP_MS });
}

/** Opens a channel or DM from the sidebar by its id (a DM with the app is `D` + the user id's tail). */
export async function openChannel(page: Page, channelId: string): Promise<void> {
  const link = page.getByTestId('channel-list').locator(`a[data-channel-id="${channelId}"]`);
  await link.click({ timeout: STEP_MS });
  await expect.poll(() => link.getAttribute('aria-current'), { timeout: STEP_MS }).toBe('true');
}

/** The open modal once its title reads `title` (a modal the bot updated in place included). */
export async function modalTitled(page: Page, title: string): Promise<Locator> {
  const modal = page.getByRole('dialog', { name: title, exact: true });
  await modal.waitFor({ state: 'visible', timeout: STEP_MS });
  return modal;
}

/** Ticks a checkbox (or picks a radio button) of the open modal by the option's text. */
export async function tickModalOption(page: Page, optionLabel: string): Promise<void> {
  await page.locator('.modal').getByLabel(optionLabel, { exact: true }).check({ timeout: STEP_MS });
}

/**
 * Presses the open modal's submit button and returns at once: for a submission the bot answers
 * by updating the modal in place (a next step), where `submitModal`'s wait for it to close does
 * not apply. Wait for what comes next with `modalTitled`.
 */
export async function pressModalSubmit(page: Page): Promise<void> {
  await page.locator('.modal [data-role="submit"]').click({ timeout: STEP_MS });
}

/** Types into the open modal's text inputs by their labels, without submitting. */
export async function typeInModal(page: Page, fields: Record<string, string>): Promise<void> {
  const modal = page.locator('.modal');
  await modal.waitFor({ state: 'visible', timeout: STEP_MS });
  for (const [label, value] of Object.entries(fields)) {
    const block = modal.locator('.block-input', { has: page.locator('.input-label', { hasText: label }) });
    await block.locator('input, textarea').first().fill(value);
  }
}
