import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDeps } from '../../src/incidents/deps.js';
import { escalationJobId } from '../../src/incidents/timers.js';
import { auditStreamKey } from '../../src/platform/audit/audit.js';
import {
  escalationConfigSchema,
  incidentsConfigSchema,
  routingConfigSchema,
} from '../../src/platform/config/incidents.js';
import { sampleFindingsConfigSchema } from '../../src/platform/config/sample-findings.js';
import { handleEscalateJob } from '../../workflows/escalation.js';
import { handleAlertJob } from '../../workflows/incident-response.js';
import { guardDutyAlert } from '../incidents/helpers/alerts.js';
import { type RecordingOutbox, recordingOutbox } from '../incidents/helpers/fake-outbox.js';
import { bindIncidentDeps } from '../incidents/helpers/incident-deps.js';
import { type Harness, startHarness, TEST_CHANNEL } from '../support/harness.js';

/**
 * GuardDuty's own sample findings (`alert.vendorSample`) follow `alerts.sampleFindings`, given to
 * the workflows through their deps: by default they are set apart in a channel and never
 * escalated or paged; `drop` skips them; `normal` treats them like any finding.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ commands: [] });
});
afterAll(async () => {
  await h?.stop();
});

const CRITICAL_ROUTE = routingConfigSchema.parse({
  rules: [{ match: { severity: 'critical' }, channels: ['C0CRITICAL1'], mentionUserGroup: 'S0ONCALL01' }],
});

function depsWith(outbox: RecordingOutbox, sampleFindings?: unknown): IncidentDeps {
  return {
    ...bindIncidentDeps(
      {
        outbox,
        runbooks: [],
        incidents: incidentsConfigSchema.parse({}),
        routing: CRITICAL_ROUTE,
        escalation: escalationConfigSchema.parse({ onCallUserGroup: 'S0ONCALL01' }),
      },
      h.bot.ctx,
    ),
    ...(sampleFindings === undefined
      ? {}
      : { sampleFindings: sampleFindingsConfigSchema.parse(sampleFindings) }),
  };
}

let n = 0;
function sampleJob(vendorSample = true) {
  n += 1;
  return {
    data: {
      alert: guardDutyAlert({
        dedupeKey: `gd-sample-${n}-4f1e2d3c`,
        severity: 9.5,
        severityLabel: 'critical',
        resource: { type: 'Instance', id: `i-0sample${n}`, tags: {} },
        ...(vendorSample ? { vendorSample: true } : {}),
      }),
      origin: 'test',
      receivedAt: new Date().toISOString(),
    },
  };
}

const pendingEscalation = (incidentId: string) =>
  h.bot.ctx.queues.timers.getJob(escalationJobId(incidentId, 1));

describe('GuardDuty sample findings', () => {
  it('are set apart by default: the default channel, no routing mention, no escalation, no page', async () => {
    const outbox = recordingOutbox();
    const deps = depsWith(outbox);
    expect(await handleAlertJob(sampleJob(), h.bot.ctx, deps)).toBe('opened');
    const [sync] = outbox.cardSyncs;
    expect(sync?.channel).toBe(TEST_CHANNEL);
    expect(await pendingEscalation(sync!.incidentId)).toBeUndefined();
    expect(JSON.stringify(outbox.messages)).not.toContain('subteam');
    // A timer left from before (or a manual schedule) still does not escalate a set-apart sample.
    expect(
      await handleEscalateJob({ data: { incidentId: sync!.incidentId, level: 1 } }, h.bot.ctx, deps),
    ).toBe('sample');
    expect((await deps.engine.get(sync!.incidentId))?.escalationLevel).toBe(0);
  });

  it('go to alerts.sampleFindings.channel when one is given', async () => {
    const outbox = recordingOutbox();
    await handleAlertJob(
      sampleJob(),
      h.bot.ctx,
      depsWith(outbox, { mode: 'channel', channel: 'C0SAMPLES1' }),
    );
    expect(outbox.cardSyncs.map((s) => s.channel)).toEqual(['C0SAMPLES1']);
  });

  it('open no incident in drop mode, and the skip is audited', async () => {
    const outbox = recordingOutbox();
    expect(await handleAlertJob(sampleJob(), h.bot.ctx, depsWith(outbox, 'drop'))).toBe('sample-dropped');
    expect(outbox.cardSyncs).toEqual([]);
    expect(outbox.messages).toEqual([]);
    const entries = await h.bot.ctx.redis.xrange(auditStreamKey(h.bot.ctx.config.redis.prefix), '-', '+');
    expect(JSON.stringify(entries)).toContain('alert.sample-dropped');
  });

  it('are handled like any finding in normal mode: routed, paged and escalated', async () => {
    const outbox = recordingOutbox();
    expect(await handleAlertJob(sampleJob(), h.bot.ctx, depsWith(outbox, 'normal'))).toBe('opened');
    const [sync] = outbox.cardSyncs;
    expect(sync?.channel).toBe('C0CRITICAL1');
    expect(await pendingEscalation(sync!.incidentId)).toBeDefined();
    expect(outbox.messages.some((m) => m.text.includes('<!subteam^S0ONCALL01>'))).toBe(true);
  });

  it('leave real findings alone in every mode', async () => {
    for (const mode of ['drop', 'channel'] as const) {
      const outbox = recordingOutbox();
      expect(await handleAlertJob(sampleJob(false), h.bot.ctx, depsWith(outbox, mode))).toBe('opened');
      expect(outbox.cardSyncs[0]?.channel).toBe('C0CRITICAL1');
      expect(await pendingEscalation(outbox.cardSyncs[0]!.incidentId)).toBeDefined();
    }
  });
});
