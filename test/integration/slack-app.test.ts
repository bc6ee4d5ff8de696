import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { CANARY } from '../support/config.js';
import { type Harness, RESPONDER, startHarness, TEST_CHANNEL } from '../support/harness.js';

describe('the Bolt app in HTTP mode', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ commands: COMMANDS, role: 'web' });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('answers a signed /watchkeeper help with the list of commands', async () => {
    const result = await h.slack.sender.sendSlashCommand({
      command: '/watchkeeper',
      text: 'help',
      userId: RESPONDER,
      channelId: TEST_CHANNEL,
    });
    expect(result.status).toBe(200);
    const reply = result.json as { response_type: string; text: string };
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain('/watchkeeper help');
  });

  it('answers a malformed subcommand with its usage, not an error page', async () => {
    const result = await h.slack.sender.sendSlashCommand({
      command: '/watchkeeper',
      text: 'dance',
      userId: RESPONDER,
      channelId: TEST_CHANNEL,
    });
    expect(result.status).toBe(200);
    expect((result.json as { text: string }).text).toMatch(
      /Unknown subcommand "dance"[\s\S]*Usage: `\/watchkeeper help`/,
    );
  });

  it('rejects a forged signature', async () => {
    const result = await h.slack.sender.sendSlashCommand({
      command: '/watchkeeper',
      text: 'help',
      userId: RESPONDER,
      channelId: TEST_CHANNEL,
      signingSecret: 'not-the-real-secret-000000',
    });
    expect(result.status).toBe(401);
  });

  it('rejects a timestamp older than five minutes even when correctly signed', async () => {
    const result = await h.slack.sender.sendSlashCommand({
      command: '/watchkeeper',
      text: 'help',
      userId: RESPONDER,
      channelId: TEST_CHANNEL,
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(result.status).toBe(401);
  });

  it('is ready once Redis answers and Slack auth.test succeeds', async () => {
    const res = await fetch(`${h.bot.adminUrl}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', redis: 'ok', slack: 'ok' });
  });

  it('exports Prometheus metrics with Slack calls and handler latency', async () => {
    await fetch(`${h.bot.url}/readyz`);
    const text = await (await fetch(`${h.bot.adminUrl}/metrics`)).text();
    expect(text).toContain('watchkeeper_slack_api_calls_total{method="auth.test",outcome="ok"}');
    expect(text).toMatch(/watchkeeper_handler_seconds_count\{kind="slack",name="\/watchkeeper"\} \d+/);
    expect(text).toMatch(/watchkeeper_queue_jobs\{queue="alerts",state="waiting"\} 0/);
  });

  it('never writes a secret to the logs', () => {
    const logs = h.logs();
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of Object.values(CANARY)) expect(logs).not.toContain(secret);
  });
});

describe('the Bolt app in Socket Mode', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ commands: COMMANDS, role: 'web', socketMode: true });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('connects with the app token and acks a slash command envelope with the reply', async () => {
    const result = await h.slack.sender.sendSlashCommand({
      command: '/watchkeeper',
      text: 'help',
      userId: RESPONDER,
      channelId: TEST_CHANNEL,
      transport: 'socket',
    });
    expect(result.acked).toBe(true);
    expect(JSON.stringify(result.json)).toContain('/watchkeeper help');
  });

  it('never writes the app token to the logs', () => {
    for (const secret of Object.values(CANARY)) expect(h.logs()).not.toContain(secret);
  });
});
