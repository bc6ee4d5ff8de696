import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDeps } from '../../src/incidents/deps.js';
import { emptyOwnersRegistry } from '../../src/ownership/registry.js';
import { auditStreamKey } from '../../src/platform/audit/audit.js';
import {
  escalationConfigSchema,
  incidentsConfigSchema,
  routingConfigSchema,
} from '../../src/platform/config/incidents.js';
import { handleAlertJob } from '../../workflows/incident-response.js';
import { guardDutyAlert } from '../incidents/helpers/alerts.js';
import { recordingOutbox } from '../incidents/helpers/fake-outbox.js';
import { bindIncidentDeps } from '../incidents/helpers/incident-deps.js';
import { type Harness, startHarness } from '../support/harness.js';

/**
 * The alert job looks up the card's owner only for an alert that opens an incident (a repeat or a
 * recovery keeps the owner it has), and a muted alert is skipped and audited as before.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ commands: [] });
});
afterAll(async () => {
  await h?.stop();
});

function countingDeps(): IncidentDeps & { readonly lookups: () => number } {
  let lookups = 0;
  return {
    ...bindIncidentDeps(
      {
        outbox: recordingOutbox(),
        runbooks: [],
        incidents: incidentsConfigSchema.parse({}),
        routing: routingConfigSchema.parse({}),
        escalation: escalationConfigSchema.parse({}),
        ownersRegistry: async () => {
          lookups++;
          return emptyOwnersRegistry();
        },
      },
      h.bot.ctx,
    ),
    lookups: () => lookups,
  };
}

let n = 0;
function job(overrides: Parameters<typeof guardDutyAlert>[0] = {}) {
  n += 1;
  return {
    data: {
      alert: guardDutyAlert({
        dedupeKey: `gd-lookups-${n}-7c1d`,
        resource: { type: 'AccessKey', id: `svc-lookups-${n}`, tags: { team: 'payments' } },
        ...overrides,
      }),
      origin: 'test',
      receivedAt: new Date().toISOString(),
    },
  };
}

describe('the alert job', () => {
  it('looks up the owner when it opens an incident, and not for its repeats', async () => {
    const deps = countingDeps();
    const first = job();
    expect(await handleAlertJob(first, h.bot.ctx, deps)).toBe('opened');
    expect(deps.lookups()).toBe(1);
    const again = { data: { ...first.data, alert: { ...first.data.alert, revision: 'r2', count: 3 } } };
    expect(await handleAlertJob(again, h.bot.ctx, deps)).toBe('updated');
    expect(await handleAlertJob(again, h.bot.ctx, deps)).toBe('unchanged');
    expect(deps.lookups()).toBe(1);
  });

  it('asks for the card again when a stalled job runs again (started twice, never failed)', async () => {
    const deps = countingDeps();
    const first = job();
    expect(await handleAlertJob(first, h.bot.ctx, deps)).toBe('opened');
    // Its worker died after the commit: the same alert comes back, first attempt not failed.
    expect(await handleAlertJob({ ...first, attemptsMade: 0, attemptsStarted: 2 }, h.bot.ctx, deps)).toBe(
      'resynced',
    );
    expect(await handleAlertJob({ ...first, attemptsMade: 0, attemptsStarted: 1 }, h.bot.ctx, deps)).toBe(
      'unchanged',
    );
  });

  it('skips a muted alert, audits the rule, and looks nothing up', async () => {
    const deps = countingDeps();
    const muted = job();
    const { alert } = muted.data;
    const rule = await deps.engine.addMute(
      {
        type: alert.type,
        accountId: alert.accountId,
        resourceType: alert.resource.type,
        resourceId: alert.resource.id,
        expiresAt: new Date(h.bot.ctx.now().getTime() + 3_600_000).toISOString(),
        createdBy: 'U0SEC',
      },
      h.bot.ctx.now(),
    );
    expect(await handleAlertJob(muted, h.bot.ctx, deps)).toBe('muted');
    expect(deps.lookups()).toBe(0);
    const entries = await h.bot.ctx.redis.xrange(auditStreamKey(h.bot.ctx.config.redis.prefix), '-', '+');
    expect(JSON.stringify(entries)).toContain(`${rule.id} ${alert.dedupeKey}`);
  });
});
