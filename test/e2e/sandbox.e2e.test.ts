import { existsSync } from 'node:fs';
import type { App, BlockAction, SlackViewAction } from '@slack/bolt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sandboxComposer } from '../../src/cli/verbs/demo.js';
import { createLogger } from '../../src/platform/log/logger.js';
import type { ListenerRegistrar } from '../../src/platform/mounts.js';
import { DEMO_CHANNEL, type RunningDemo, startDemo } from '../../src/sandbox/demo.js';
import {
  CHROMIUM_PATH,
  clickButton,
  launchChromium,
  openSandbox,
  screenshot,
  sendCommand,
  submitModal,
  switchUser,
  waitForMessageContaining,
} from './sandbox-page.js';

/**
 * The sandbox end to end: `startDemo` (private Redis, Slack stand-in with its web UI, the real
 * bot in HTTP mode) driven from Debian's Chromium. Runs wherever /usr/bin/chromium exists; in
 * CI (CI=true) a missing Chromium fails the run instead of skipping it.
 *
 * Later steps (incident card, access review, owner look-up, digest chart) plug in as more `it`
 * blocks using the same helpers.
 */

const chromiumPresent = existsSync(CHROMIUM_PATH);
const mustRun = process.env.CI === 'true';

/** Everything the test's own Bolt listeners saw, proving signed payloads reached the bot. */
const seen: { actions: BlockAction[]; gallery: BlockAction[]; submissions: SlackViewAction[] } = {
  actions: [],
  gallery: [],
  submissions: [],
};

/** A 2×2 PNG, standing in for the digest chart. */
const CHART_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

/** Listeners only this test registers, beside the bot's own, through the demo's composition. */
const testListeners: ListenerRegistrar = (app: App) => {
  app.action<BlockAction>('e2e_ping', async ({ ack, body, client }) => {
    await ack();
    seen.actions.push(body);
    const ts = body.container.message_ts as string;
    await client.chat.update({
      channel: body.channel?.id ?? DEMO_CHANNEL.id,
      ts,
      text: `Pong from <@${body.user.id}>`,
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: `:white_check_mark: Pong from <@${body.user.id}>` },
        },
      ],
    });
  });
  app.action<BlockAction>('e2e_open_modal', async ({ ack, body, client }) => {
    await ack();
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        callback_id: 'e2e_modal',
        title: { type: 'plain_text', text: 'Escalate (test)' },
        submit: { type: 'plain_text', text: 'Escalate' },
        blocks: [
          {
            type: 'input',
            block_id: 'why',
            label: { type: 'plain_text', text: 'Why escalate?' },
            element: { type: 'plain_text_input', action_id: 'why_text' },
          },
          {
            type: 'input',
            block_id: 'to',
            label: { type: 'plain_text', text: 'Escalate to' },
            element: {
              type: 'static_select',
              action_id: 'to_select',
              options: [
                { text: { type: 'plain_text', text: 'Security lead' }, value: 'lead' },
                { text: { type: 'plain_text', text: 'CISO' }, value: 'ciso' },
              ],
            },
          },
        ],
      },
    });
  });
  app.action<BlockAction>(/^gallery_/, async ({ ack, body }) => {
    await ack();
    seen.gallery.push(body);
  });
  app.view<SlackViewAction>('e2e_modal', async ({ ack, body }) => {
    await ack();
    seen.submissions.push(body);
  });
};

describe.runIf(chromiumPresent || mustRun)('the sandbox in a browser', () => {
  let demo: RunningDemo | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    const compose = sandboxComposer(() => new Date());
    demo = await startDemo({
      port: 0,
      logger: createLogger({ level: 'silent' }),
      compose: async (config) => {
        const bind = await compose(config);
        return (ctx) => {
          const base = bind(ctx);
          return { ...base, listeners: [...(base.listeners ?? []), testListeners] };
        };
      },
    });
    page = await openSandbox(browser, demo.url);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('shows the SAMPLE DATA banner and the demo channel', async () => {
    await expect.poll(() => page.getByTestId('sample-banner').textContent()).toContain('SAMPLE DATA');
    await expect.poll(() => page.getByTestId('channel-title').textContent()).toBe(`#${DEMO_CHANNEL.name}`);
    await screenshot(page, '01-workspace');
  });

  it('answers /watchkeeper help from the message box with a message only the caller sees', async () => {
    await switchUser(page, 'Sasha Secadmin (security-admin)');
    await sendCommand(page, '/watchkeeper help');
    const reply = await waitForMessageContaining(page, 'Watchkeeper commands');
    await expect.poll(() => reply.getAttribute('class')).toContain('ephemeral');
    await expect.poll(() => reply.textContent()).toContain('Only visible to you');
    expect(demo?.slack.store.ephemeralsFor('U0DEMOADMN').map((e) => e.text.split('\n')[0])).toEqual([
      '*Watchkeeper commands*',
    ]);
    await screenshot(page, '02-help-ephemeral');
    // Someone else does not see it.
    await switchUser(page, 'Nico Norole (no role)');
    await expect.poll(() => page.locator('article.message.ephemeral').count()).toBe(0);
  });

  it('shows a sample GuardDuty card and takes it through refusal, a runbook step, acknowledge and resolve', {
    timeout: 120_000,
  }, async () => {
    // The sample account's GuardDuty is polled by the real sync; its first findings become cards.
    const running = demo as RunningDemo;
    const stored = await vi.waitFor(
      () => {
        const found = running.slack.store
          .messagesIn(DEMO_CHANNEL.id)
          .find((m) => JSON.stringify(m.blocks ?? []).includes('wk_incident_acknowledge'));
        if (!found) throw new Error('no incident card yet');
        return found;
      },
      { timeout: 30_000, interval: 200 },
    );
    // By its ts: the header changes when the card is resolved (it collapses to three blocks).
    const card = page.locator(`article.message[data-ts="${stored.ts}"]`).first();
    await card.waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(page, '01-incident-card');

    await switchUser(page, 'Nico Norole (no role)');
    await clickButton(page, 'Acknowledge', card);
    await waitForMessageContaining(page, 'role');
    await switchUser(page, 'Riley Responder (responder)');

    // The runbook checklist is in the Runbook modal, not on the card.
    await clickButton(page, 'Runbook', card);
    const modal = page.locator('.modal');
    await modal.locator('input[type="checkbox"]').first().check({ timeout: 15_000 });
    await expect.poll(() => modal.textContent(), { timeout: 20_000 }).toContain('✓ 1.');
    await modal.locator('[data-role="close"]').click();
    await clickButton(page, 'Acknowledge', card);
    await expect.poll(() => card.textContent(), { timeout: 20_000 }).toMatch(/Acknowledged/i);
    // Each transition is logged in the card's thread.
    const toggle = page.locator(`button.thread-toggle[data-thread="${stored.ts}"]`);
    await toggle.waitFor({ state: 'visible', timeout: 20_000 });
    await toggle.click();
    await waitForMessageContaining(page, 'Acknowledged by');

    await clickButton(page, 'Resolve', card);
    expect(
      await submitModal(page, { Resolution: 'Isolated the instance (sample)', 'Root cause': 'Malware' }),
    ).toEqual([]);
    await expect.poll(() => card.textContent(), { timeout: 20_000 }).toMatch(/Resolved/i);
    await screenshot(page, '02-incident-resolved');
  });

  it('answers /owner for a sample resource from its tags', async () => {
    await sendCommand(page, '/owner arn:aws:s3:::sample-customer-exports');
    await waitForMessageContaining(page, 'data-platform');
  });

  it('runs /access-review on the sample account and shows the report with its buttons', async () => {
    await switchUser(page, 'Riley Responder (responder)');
    await sendCommand(page, '/access-review');
    await waitForMessageContaining(page, 'IAM access review');
    const report = page.locator('article.message', { hasText: 'Score' }).last();
    await report.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await report.textContent()).toMatch(/root/i);
    await report.getByRole('button', { name: 'Export CSV' }).waitFor({ state: 'visible' });
    await report.getByRole('button', { name: 'Start review' }).waitFor({ state: 'visible' });
    await report.scrollIntoViewIfNeeded();
    await screenshot(page, '07-access-review');
  });

  it('previews the digest privately and posts it with its chart as a security admin', async () => {
    await switchUser(page, 'Riley Responder (responder)');
    await sendCommand(page, '/digest preview');
    // Block Kit, not a wall of text: a header, five status lines, at most three next steps.
    const preview = await waitForMessageContaining(page, 'comes with the posted digest');
    expect(await preview.textContent()).toContain('Weekly security digest');
    expect(await preview.textContent()).toMatch(/Next steps/);
    expect(await preview.textContent()).not.toMatch(/nearest-rank|POSTURE SCORECARD/);
    await switchUser(page, 'Sasha Secadmin (security-admin)');
    await sendCommand(page, '/digest');
    // The chart is part of the digest message itself, not a second post.
    const digest = page
      .locator('article.message', { hasText: 'Incidents opened', has: page.locator('img') })
      .last();
    const chart = digest.locator('img').last();
    await chart.waitFor({ state: 'visible', timeout: 20_000 });
    await expect
      .poll(() => chart.evaluate((img) => (img as { naturalWidth: number }).naturalWidth), {
        timeout: 10_000,
      })
      .toBe(1000);
    await digest.scrollIntoViewIfNeeded();
    await screenshot(page, '06-digest');
  });

  it('sends a button click to the bot as a signed block_actions and shows the bot’s update live', async () => {
    const running = demo as RunningDemo;
    await switchUser(page, 'Riley Responder (responder)');
    const posted = await running.bot.ctx.slack.chat.postMessage({
      channel: DEMO_CHANNEL.id,
      text: 'Round trip check',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: '*Round trip check* (sample data)' } },
        {
          type: 'actions',
          block_id: 'e2e',
          elements: [
            { type: 'button', action_id: 'e2e_ping', text: { type: 'plain_text', text: 'Ping the bot' } },
          ],
        },
      ],
    });
    const message = await waitForMessageContaining(page, 'Round trip check');
    await clickButton(page, 'Ping the bot', message);
    // Bolt runs a listener only for a request whose Slack signature it verified.
    await vi.waitFor(() => expect(seen.actions).toHaveLength(1), { timeout: 15_000 });
    const action = seen.actions[0] as BlockAction;
    expect(action.user.id).toBe('U0DEMORESP');
    expect(action.container.message_ts).toBe(posted.ts);
    expect(action.actions[0]?.action_id).toBe('e2e_ping');
    await waitForMessageContaining(page, 'Pong from @Riley Responder (responder)');
    await running.bot.ctx.slack.chat.postMessage({
      channel: DEMO_CHANNEL.id,
      thread_ts: posted.ts as string,
      text: 'A reply in the thread (sample)',
    });
    await page.locator(`button.thread-toggle[data-thread="${posted.ts}"]`, { hasText: '1 reply' }).click();
    await waitForMessageContaining(page, 'A reply in the thread (sample)');
    await screenshot(page, '03-button-round-trip');
  });

  it('opens a modal from a click and submits its inputs as a view_submission', async () => {
    const running = demo as RunningDemo;
    await running.bot.ctx.slack.chat.postMessage({
      channel: DEMO_CHANNEL.id,
      text: 'Modal check',
      blocks: [
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'e2e_open_modal',
              text: { type: 'plain_text', text: 'Open the modal' },
            },
          ],
        },
      ],
    });
    await clickButton(page, 'Open the modal', await waitForMessageContaining(page, 'Open the modal'));
    expect(await submitModal(page, { 'Escalate to': 'CISO' })).toEqual([
      'Please complete this required field.',
    ]);
    await screenshot(page, '04-modal-required');
    expect(await submitModal(page, { 'Why escalate?': 'Root key used from a new country' })).toEqual([]);
    await vi.waitFor(() => expect(seen.submissions).toHaveLength(1), { timeout: 15_000 });
    expect(seen.submissions[0]?.view.state.values).toMatchObject({
      why: { why_text: { value: 'Root key used from a new country' } },
      to: { to_select: { selected_option: { value: 'ciso' } } },
    });
  });

  it('draws each kind of block and sends choices from selects, overflow menus and checkboxes', async () => {
    const running = demo as RunningDemo;
    const slack = running.bot.ctx.slack;
    await slack.filesUploadV2({
      channel_id: DEMO_CHANNEL.id,
      file: CHART_PNG,
      filename: 'digest-chart.png',
      title: 'Weekly digest chart',
    });
    const chart = [...running.slack.store.files.values()].find((f) => f.name === 'digest-chart.png');
    const option = (text: string, value: string) => ({ text: { type: 'plain_text' as const, text }, value });
    await slack.chat.postMessage({
      channel: DEMO_CHANNEL.id,
      text: 'Gallery',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Block gallery (sample data)' } },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*Root key used* from `203.0.113.9`' },
          fields: [
            { type: 'mrkdwn', text: '*Account*\n111122223333' },
            { type: 'mrkdwn', text: '*Region*\neu-west-1' },
          ],
          accessory: {
            type: 'overflow',
            action_id: 'gallery_more',
            options: [option('Snooze 1h', 'snooze_1h'), option('Open runbook', 'runbook')],
          },
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Seen by <@U0DEMORESP>' }] },
        { type: 'divider' },
        { type: 'image', slack_file: { id: chart?.id as string }, alt_text: 'Incidents per day' },
        {
          type: 'actions',
          block_id: 'gallery-actions',
          elements: [
            {
              type: 'static_select',
              action_id: 'gallery_sev',
              options: [option('High', 'high'), option('Low', 'low')],
            },
            { type: 'users_select', action_id: 'gallery_assign' },
            {
              type: 'checkboxes',
              action_id: 'gallery_steps',
              options: [option('Contain', 'contain'), option('Rotate keys', 'rotate')],
            },
          ],
        },
      ],
    });
    // Block Kit validation refuses unknown types, so this one goes straight into the store.
    running.slack.store.addMessage({
      channel: DEMO_CHANNEL.id,
      text: 'odd',
      blocks: [{ type: 'mystery_block' }],
    });

    const gallery = await waitForMessageContaining(page, 'Block gallery (sample data)');
    await expect.poll(() => gallery.textContent()).toContain('111122223333');
    await expect
      .poll(() => gallery.locator('.mention').first().textContent())
      .toBe('@Riley Responder (responder)');
    const image = gallery.locator('.block-image img');
    await expect
      .poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBe(2);
    await waitForMessageContaining(page, '[unsupported block: mystery_block]');
    await screenshot(page, '05-block-gallery');

    await gallery.getByRole('button', { name: 'More actions' }).click();
    await gallery.getByRole('menuitem', { name: 'Snooze 1h' }).click();
    await gallery.locator('select[data-action-id="gallery_sev"]').selectOption({ label: 'High' });
    await gallery
      .locator('select[data-action-id="gallery_assign"]')
      .selectOption({ label: 'Nico Norole (no role)' });
    await gallery.getByLabel('Rotate keys').check();
    await vi.waitFor(() => expect(seen.gallery).toHaveLength(4), { timeout: 15_000 });
    const chosen = Object.fromEntries(
      seen.gallery.map((b) => {
        const a = b.actions[0] as unknown as Record<string, unknown>;
        return [a.action_id, a.selected_option ?? a.selected_user ?? a.selected_options];
      }),
    );
    expect(chosen).toEqual({
      gallery_more: option('Snooze 1h', 'snooze_1h'),
      gallery_sev: option('High', 'high'),
      gallery_assign: 'U0DEMONONE',
      gallery_steps: [option('Rotate keys', 'rotate')],
    });
  });
});
