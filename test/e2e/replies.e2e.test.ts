import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sandboxComposer } from '../../src/cli/verbs/demo.js';
import { createLogger } from '../../src/platform/log/logger.js';
import { DEMO_CHANNEL, type RunningDemo, startDemo } from '../../src/sandbox/demo.js';
import {
  CHROMIUM_PATH,
  clickButton,
  launchChromium,
  openSandbox,
  screenshot,
  sendCommand,
  switchUser,
  waitForMessageContaining,
} from './sandbox-page.js';

/**
 * What a responder reads after each slash command, in the sandbox's browser page: `/owner` with a
 * pasted role name and with a bad argument, `/incidents mine` after acknowledging, and
 * `/digest preview`. Screenshots at 1,280 px go to test-results/screenshots/replies-*.png.
 * Runs wherever /usr/bin/chromium exists; in CI (CI=true) a missing Chromium fails the run.
 */

const chromiumPresent = existsSync(CHROMIUM_PATH);
const mustRun = process.env.CI === 'true';
const RILEY = 'U0DEMORESP';

/** Lines a command shows while its task runs; each must become the answer, not stay beside it. */
const WORKING = /^(Looking up|Working on|Building|Running an IAM access review)/;

describe.runIf(chromiumPresent || mustRun)('slash-command replies in the sandbox', () => {
  let demo: RunningDemo;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    demo = await startDemo({
      port: 0,
      logger: createLogger({ level: 'silent' }),
      compose: sandboxComposer(() => new Date()),
    });
    page = await openSandbox(browser, demo.url);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  const rileysReplies = () => demo.slack.store.ephemeralsFor(RILEY, DEMO_CHANNEL.id).map((e) => e.text);

  it('/owner with a pasted role name answers for the role, and says what else it could be', async () => {
    await switchUser(page, 'Riley Responder (responder)');
    await sendCommand(page, '/owner web-app-role');
    const reply = await waitForMessageContaining(page, 'belongs to team');
    const text = (await reply.textContent()) ?? '';
    expect(text).toContain('IAM role web-app-role belongs to team web');
    expect(text).not.toMatch(/S3 bucket web-app-role/);
    expect(text).toContain('Read "web-app-role" as an IAM role.');
    await screenshot(page, 'replies-01-owner-role-name');
  });

  it('/owner with a bad argument shows its usage line as written, nothing swallowed as a link', async () => {
    await sendCommand(page, '/owner two words');
    const reply = await waitForMessageContaining(page, 'Usage:');
    const text = (await reply.textContent()) ?? '';
    expect(text).toContain('/owner ARN | INSTANCE-ID | BUCKET | ROLE-OR-USER-NAME | ACCESS-KEY-ID');
    expect(text).toContain('TAG=VALUE');
    await expect.poll(() => reply.locator('a').count()).toBe(0);
    await screenshot(page, 'replies-02-owner-usage');
  });

  it('/incidents mine shows who acknowledged as a person, never a raw user id', async () => {
    const id = await vi.waitFor(
      () => {
        const found = /INC-[A-Z0-9]+/.exec(JSON.stringify(demo.slack.store.messagesIn(DEMO_CHANNEL.id)))?.[0];
        if (!found) throw new Error('no incident card yet');
        return found;
      },
      { timeout: 30_000, interval: 200 },
    );
    await sendCommand(page, `/incidents ${id} ack`);
    await waitForMessageContaining(page, `Acknowledged ${id}`);
    await sendCommand(page, '/incidents mine');
    const reply = await waitForMessageContaining(page, 'acknowledged by');
    const text = (await reply.textContent()) ?? '';
    expect(text).toContain(id);
    expect(text).not.toContain(RILEY);
    await expect.poll(() => reply.locator('.mention').first().textContent()).toMatch(/^@/);
    expect(text).not.toMatch(/\(s\)/);
    await screenshot(page, 'replies-03-incidents-mine');
  });

  it('/digest preview shows the digest to the caller', async () => {
    await sendCommand(page, '/digest preview');
    const reply = await waitForMessageContaining(page, 'Weekly security digest');
    await expect.poll(() => reply.getAttribute('class')).toContain('ephemeral');
    await screenshot(page, 'replies-04-digest-preview');
  });

  it('/access-review posts its report in the channel and leaves the caller one private line', async () => {
    await sendCommand(page, '/access-review');
    await waitForMessageContaining(page, 'The access-review report is in the channel.');
    await screenshot(page, 'replies-05-access-review');
  });

  it('"Start review" shows the plan first, and its messages stay out of the incident channel', async () => {
    await switchUser(page, 'Sasha Secadmin (security-admin)');
    const report = page.locator('article.message', { hasText: 'Start review' }).last();
    await clickButton(page, 'Start review', report);
    const plan = await waitForMessageContaining(page, 'Start the access review of');
    const text = (await plan.textContent()) ?? '';
    expect(text).toMatch(/without a reachable owner to you, by DM/);
    expect(text).toContain('Nothing is sent until you start it.');
    await screenshot(page, 'replies-06-start-review-plan');
    const before = demo.slack.store.messagesIn(DEMO_CHANNEL.id).length;
    await plan.getByRole('button', { name: /^Start review: send \d+ messages$/ }).click();
    await waitForMessageContaining(page, 'Starting the access review of');
    await expect
      .poll(
        () =>
          demo.slack.store.messagesIn('D0DEMOADMN').filter((m) => m.text.startsWith('Access review:')).length,
        {
          timeout: 30_000,
        },
      )
      .toBeGreaterThan(0);
    const posted = demo.slack.store.messagesIn(DEMO_CHANNEL.id).slice(before);
    expect(posted.filter((m) => m.text.startsWith('Access review:'))).toEqual([]);
    await screenshot(page, 'replies-07-start-review-started');
    await switchUser(page, 'Riley Responder (responder)');
  });

  it('each command left one private reply: its "Looking up…" line became the answer', async () => {
    // Every command above has answered by now; none of their working lines may remain.
    expect(rileysReplies().filter((t) => WORKING.test(t))).toEqual([]);
    await screenshot(page, 'replies-08-all-replies');
  });
});
