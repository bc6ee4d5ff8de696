import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDeps } from '../../src/incidents/deps.js';
import { escalationJobId } from '../../src/incidents/timers.js';
import * as t from '../../src/incidents/transitions.js';
import {
  escalationConfigSchema,
  incidentsConfigSchema,
  routingConfigSchema,
} from '../../src/platform/config/incidents.js';
import { JobName } from '../../src/platform/queue/names.js';
import { escalationWorkflow, handleEscalateJob } from '../../workflows/escalation.js';
import { incidentResponseWorkflow } from '../../workflows/incident-response.js';
import { guardDutyAlert } from '../incidents/helpers/alerts.js';
import { eventually, recordingOutbox } from '../incidents/helpers/fake-outbox.js';
import { bindIncidentDeps, type IncidentSettings } from '../incidents/helpers/incident-deps.js';
import { type Harness, startHarness, TEST_CHANNEL } from '../support/harness.js';

const outbox = recordingOutbox();
const settings: IncidentSettings = {
  outbox,
  runbooks: [],
  incidents: incidentsConfigSchema.parse({}),
  routing: routingConfigSchema.parse({}),
  escalation: escalationConfigSchema.parse({
    timeoutsMinutes: { critical: 0.002, high: 30 },
    levels: 2,
    onCallUserGroup: 'S0ONCALL01',
  }),
};
let h: Harness;
let deps: IncidentDeps;
beforeAll(async () => {
  h = await startHarness({
    compose: async () => (ctx) => {
      deps = bindIncidentDeps(settings, ctx);
      return { workflows: [incidentResponseWorkflow(deps), escalationWorkflow(deps)] };
    },
  });
});
afterAll(async () => {
  await h?.stop();
});

const enqueue = (overrides: Parameters<typeof guardDutyAlert>[0]) =>
  h.bot.ctx.queues.alerts.add(JobName.Alert, {
    alert: guardDutyAlert(overrides),
    origin: 'test',
    receivedAt: new Date().toISOString(),
  });

describe('escalation timers', () => {
  it('escalates an unacknowledged incident level by level up to the configured levels', async () => {
    await enqueue({
      dedupeKey: 'gd-crit',
      severity: 9.5,
      severityLabel: 'critical',
      resource: { type: 'Instance', id: 'i-0crit', tags: {} },
    });
    const first = await eventually(() =>
      outbox.messages.find(
        (m) => m.idempotencyKey.startsWith('escalation.') && m.idempotencyKey.endsWith('.1'),
      ),
    );
    expect(first).toMatchObject({
      channel: TEST_CHANNEL,
      text: expect.stringContaining('<!subteam^S0ONCALL01>'),
    });
    await eventually(() =>
      outbox.messages.find(
        (m) => m.idempotencyKey.startsWith('escalation.') && m.idempotencyKey.endsWith('.2'),
      ),
    );
    const id = first.idempotencyKey.split('.')[1]!;
    const engine = deps.engine;
    expect((await engine.get(id))?.escalationLevel).toBe(2);
    expect(await h.bot.ctx.queues.timers.getJob(escalationJobId(id, 3))).toBeUndefined();
  });

  it('does nothing when a timer fires for an incident already acknowledged', async () => {
    await enqueue({ dedupeKey: 'gd-high', resource: { type: 'Instance', id: 'i-0high', tags: {} } });
    const sync = await eventually(() =>
      outbox.cardSyncs.find(
        (s) =>
          s.version === 1 &&
          !outbox.messages.some(
            (m) => m.idempotencyKey.includes(s.incidentId) && m.idempotencyKey.startsWith('escalation.'),
          ),
      ),
    );
    const engine = deps.engine;
    // The card sync is asked for before the timer is scheduled, in the same job: wait for the timer.
    await eventually(() => h.bot.ctx.queues.timers.getJob(escalationJobId(sync.incidentId, 1)));
    await engine.transition(
      sync.incidentId,
      t.acknowledge({ userId: 'U0RESPOND1', at: new Date() }),
      new Date(),
    );
    const outcome = await handleEscalateJob(
      { data: { incidentId: sync.incidentId, level: 1 } },
      h.bot.ctx,
      deps,
    );
    expect(outcome).toBe('stale');
    expect((await engine.get(sync.incidentId))?.escalationLevel).toBe(0);
  });
});
