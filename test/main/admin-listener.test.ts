import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { startWatchkeeper } from '../../src/main/start.js';
import { ConfigError } from '../../src/platform/errors.js';
import { bodilessRequest, randomPath } from '../platform/http/raw-request.js';
import { labelValues } from '../platform/label-values.js';
import { testConfig } from '../support/config.js';
import { type Harness, startHarness } from '../support/harness.js';
import { captureLogs } from '../support/log-capture.js';

const REJECTED = 'watchkeeper_intake_rejected_total';

describe('the running bot, probed from the public port', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ commands: COMMANDS, role: 'web' });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('keeps the too-large counter to route names however many random paths are sent', async () => {
    const tooLarge = String(h.bot.ctx.config.http.bodyLimitBytes * 100);
    const requests = 500;
    for (let i = 0; i < requests; i++)
      expect(await bodilessRequest(h.bot.url, randomPath(), { 'Content-Length': tooLarge })).toBe(413);
    expect(await bodilessRequest(h.bot.url, '/slack/events', { 'Content-Length': tooLarge })).toBe(413);
    expect(await labelValues(h.bot.ctx.metrics.registry, REJECTED, 'endpoint')).toEqual(
      new Set(['other', 'slack']),
    );
    const text = await (await fetch(`${h.bot.adminUrl}/metrics`)).text();
    expect(text).toContain(`${REJECTED}{endpoint="other",reason="too_large"} ${requests}`);
  });

  it('serves /metrics on the admin port only', async () => {
    const open = await fetch(`${h.bot.url}/metrics`);
    expect(open.status).toBe(404);
    expect(await open.text()).not.toContain('watchkeeper_');
    const admin = await fetch(`${h.bot.adminUrl}/metrics`);
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain('watchkeeper_slack_api_calls_total');
  });

  it('says only ready or not on the public /readyz, and why on the admin one', async () => {
    const open = await fetch(`${h.bot.url}/readyz`);
    expect(open.status).toBe(200);
    expect(await open.json()).toEqual({ ready: true });
    const admin = await fetch(`${h.bot.adminUrl}/readyz`);
    // Ready, with the configuration's one warning (no on-call group to page) kept in the details.
    expect(await admin.json()).toEqual({
      status: 'ready',
      redis: 'ok',
      slack: 'ok',
      config: expect.stringContaining('escalation.onCallUserGroup is not set'),
    });
  });

  it('binds the admin listener to loopback, apart from the public one', () => {
    const admin = new URL(h.bot.adminUrl);
    expect(admin.hostname).toBe('127.0.0.1');
    expect(admin.port).not.toBe(new URL(h.bot.url).port);
  });
});

describe('the admin listener over the bot lifetime', () => {
  it('closes with the public listener on stop', async () => {
    const running = await startWatchkeeper({
      config: testConfig(),
      role: 'scheduler',
      logger: captureLogs().logger,
      workflows: [],
      commands: [],
    });
    expect((await fetch(`${running.adminUrl}/healthz`)).status).toBe(200);
    await running.stop();
    expect(running.server.listening).toBe(false);
    expect(running.adminServer.listening).toBe(false);
    await expect(fetch(`${running.adminUrl}/metrics`)).rejects.toThrow();
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
  });

  it('refuses to start on a taken admin port, naming WATCHKEEPER_ADMIN_PORT', async () => {
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as AddressInfo).port;
    try {
      const { logger } = captureLogs();
      const started = startWatchkeeper({
        config: testConfig({ WATCHKEEPER_ADMIN_PORT: String(port) }),
        role: 'scheduler',
        logger,
        workflows: [],
        commands: [],
      });
      const error = await started.then(
        async (running) => {
          await running.stop();
          return undefined;
        },
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain('http.adminPort (WATCHKEEPER_ADMIN_PORT)');
      expect((error as ConfigError).message).toContain(`127.0.0.1:${port} is already in use`);
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });
});
