import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalationConfigProblems } from '../../../src/incidents/escalation-problems.js';
import { createReadiness } from '../../../src/platform/http/readiness.js';
import { createAdminApp } from '../../../src/platform/http/server.js';
import { type Harness, startHarness } from '../../support/harness.js';

/**
 * Configuration warnings known at start-up (a missing on-call group) are part of the admin
 * /readyz details, against the run's real Redis and the Slack stand-in; they never make the
 * process unready.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ commands: [] });
});
afterAll(async () => {
  await h?.stop();
});

describe('readiness with configuration warnings', () => {
  it('names the missing on-call group in the details and stays ready', async () => {
    const { ctx } = h.bot;
    const warnings = escalationConfigProblems(ctx.config);
    expect(warnings).toHaveLength(1);
    const readiness = createReadiness({
      redis: ctx.redis,
      slack: ctx.slack,
      logger: ctx.logger,
      configWarnings: warnings,
    });
    const report = await readiness.check();
    expect(report.ready).toBe(true);
    expect(report.checks).toEqual({ redis: 'ok', slack: 'ok', config: warnings[0] });

    const admin = createAdminApp({ logger: ctx.logger, metrics: ctx.metrics, readiness });
    const server = admin.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as { port: number };
      const body = (await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as Record<string, string>;
      expect(body.status).toBe('ready');
      expect(body.config).toMatch(/^escalation\.onCallUserGroup is not set/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('says config ok when there is nothing to warn about, and leaves it out when not asked', async () => {
    const { ctx } = h.bot;
    const checked = createReadiness({
      redis: ctx.redis,
      slack: ctx.slack,
      logger: ctx.logger,
      configWarnings: [],
    });
    expect((await checked.check()).checks.config).toBe('ok');
    const plain = createReadiness({ redis: ctx.redis, slack: ctx.slack, logger: ctx.logger });
    expect((await plain.check()).checks).toEqual({ redis: 'ok', slack: 'ok' });
  });
});
