import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentActionsListener } from '../../src/incidents/buttons/register.js';
import { INCIDENT_ACTION_IDS, RESOLVE_MODAL_IDS } from '../../src/incidents/card/ids.js';
import { buildIncidentCard } from '../../src/incidents/card/index.js';
import type { IncidentDeps } from '../../src/incidents/deps.js';
import { escalationJobId } from '../../src/incidents/timers.js';
import { readAudit } from '../../src/platform/audit/export.js';
import {
  escalationConfigSchema,
  incidentsConfigSchema,
  routingConfigSchema,
} from '../../src/platform/config/incidents.js';
import { JobName } from '../../src/platform/queue/names.js';
import { escalationWorkflow } from '../../workflows/escalation.js';
import { incidentResponseWorkflow } from '../../workflows/incident-response.js';
import { guardDutyAlert } from '../incidents/helpers/alerts.js';
import { eventually, recordingOutbox } from '../incidents/helpers/fake-outbox.js';
import { bindIncidentDeps, type IncidentSettings } from '../incidents/helpers/incident-deps.js';
import {
  BYSTANDER,
  type Harness,
  RESPONDER,
  SECURITY_ADMIN,
  startHarness,
  TEST_CHANNEL,
} from '../support/harness.js';

const outbox = recordingOutbox();
const settings: IncidentSettings = {
  outbox,
  runbooks: [],
  incidents: incidentsConfigSchema.parse({}),
  routing: routingConfigSchema.parse({}),
  // Long enough that the test finishes first: it proves the timer exists, then that ack removes it.
  escalation: escalationConfigSchema.parse({ timeoutsMinutes: { high: 30 } }),
};
let h: Harness;
let deps: IncidentDeps;

beforeAll(async () => {
  h = await startHarness({
    compose: async () => (ctx) => {
      deps = bindIncidentDeps(settings, ctx);
      return {
        workflows: [incidentResponseWorkflow(deps), escalationWorkflow(deps)],
        listeners: [incidentActionsListener(deps)],
      };
    },
  });
});
afterAll(async () => {
  await h?.stop();
});

describe('incident lifecycle through Slack', () => {
  it('opens, refuses a bystander, acknowledges once, and resolves through the modal', async () => {
    const ctx = h.bot.ctx;
    const { engine } = deps;
    await ctx.queues.alerts.add(JobName.Alert, {
      alert: guardDutyAlert(),
      origin: 'test',
      receivedAt: new Date().toISOString(),
    });
    const sync = await eventually(() => outbox.cardSyncs[0]);
    expect(sync).toMatchObject({ channel: TEST_CHANNEL, version: 1 });
    const id = sync.incidentId;
    const incident = (await engine.get(id))!;
    expect(await eventually(() => outbox.messages.find((m) => m.threadOfIncident === id))).toMatchObject({
      text: expect.stringContaining('Incident opened'),
    });
    // The timer is scheduled after the timeline entry is requested: wait for it rather than race it.
    expect(await eventually(() => ctx.queues.timers.getJob(escalationJobId(id, 1)))).toBeDefined();

    const card = buildIncidentCard(incident, undefined);
    const posted = await ctx.slack.chat.postMessage({
      channel: TEST_CHANNEL,
      text: card.text,
      blocks: card.blocks as never,
    });
    const messageTs = posted.ts!;
    const click = (userId: string, actionId: string) =>
      h.slack.sender.sendBlockActions({
        userId,
        channelId: TEST_CHANNEL,
        messageTs,
        actions: [{ actionId }],
      });

    await click(BYSTANDER, INCIDENT_ACTION_IDS.acknowledge);
    const refusal = await eventually(() => h.slack.store.ephemeralsFor(BYSTANDER)[0]);
    expect(refusal.text).toContain('responder');
    expect((await engine.get(id))?.status).toBe('triggered');

    await click(RESPONDER, INCIDENT_ACTION_IDS.acknowledge);
    const acked = await eventually(async () => {
      const now = await engine.get(id);
      return now?.status === 'acknowledged' ? now : undefined;
    });
    expect(acked).toMatchObject({ acknowledgedBy: RESPONDER, version: 2 });
    await eventually(() => outbox.cardSyncs.find((s) => s.incidentId === id && s.version === 2));
    await eventually(async () =>
      (await ctx.queues.timers.getJob(escalationJobId(id, 1))) ? undefined : true,
    );

    await click(SECURITY_ADMIN, INCIDENT_ACTION_IDS.acknowledge);
    const lost = await eventually(() => h.slack.store.ephemeralsFor(SECURITY_ADMIN)[0]);
    expect(lost.text).toContain(`already acknowledged by <@${RESPONDER}>`);

    await click(RESPONDER, INCIDENT_ACTION_IDS.resolve);
    const modal = await eventually(() => h.slack.store.openViewsOf(RESPONDER)[0]);
    const bad = await h.slack.sender.sendViewSubmission({ userId: RESPONDER, viewId: modal.id, values: {} });
    expect(bad.effect.kind).toBe('errors');
    expect((await engine.get(id))?.status).toBe('acknowledged');
    const good = await h.slack.sender.sendViewSubmission({
      userId: RESPONDER,
      viewId: modal.id,
      values: {
        [RESOLVE_MODAL_IDS.resolutionBlock]: {
          [RESOLVE_MODAL_IDS.resolutionInput]: { type: 'plain_text_input', value: 'Rotated the access key' },
        },
        [RESOLVE_MODAL_IDS.rootCauseBlock]: {
          [RESOLVE_MODAL_IDS.rootCauseInput]: {
            type: 'static_select',
            selected_option: {
              value: 'credential-compromise',
              text: { type: 'plain_text', text: 'Credential compromise' },
            },
          },
        },
      },
    });
    expect(good.effect.kind).toBe('closed');
    const resolved = await eventually(async () => {
      const now = await engine.get(id);
      return now?.status === 'resolved' ? now : undefined;
    });
    expect(resolved.resolution).toEqual({
      summary: 'Rotated the access key',
      rootCause: 'credential-compromise',
    });

    const audit = await readAudit(ctx.redis, ctx.config.redis.prefix, new Date(0));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['alert.opened', 'refused.acknowledge', 'acknowledge', 'resolve']),
    );
    expect(audit.filter((a) => a.action === 'acknowledge')).toHaveLength(1);
  });
});
