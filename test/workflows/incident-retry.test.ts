import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobName } from '../../src/platform/queue/names.js';
import { incidentResponseWorkflow } from '../../workflows/incident-response.js';
import { guardDutyAlert } from '../incidents/helpers/alerts.js';
import { eventually, recordingOutbox } from '../incidents/helpers/fake-outbox.js';
import { bindIncidentDeps, type IncidentSettings, settingsWith } from '../incidents/helpers/incident-deps.js';
import { type Harness, startHarness } from '../support/harness.js';

/**
 * An attempt that stores the incident and then fails before the outbox hears of it must not leave
 * the incident without a card: BullMQ's retry sees the alert already counted and asks again.
 */
const recording = recordingOutbox();
let failNextSync = true;
const settings: IncidentSettings = settingsWith({
  ...recording,
  async requestCardSync(request) {
    if (failNextSync) {
      failNextSync = false;
      throw new Error('Redis went away between the commit and the card request');
    }
    await recording.requestCardSync(request);
  },
});

describe('a retried alert job', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      compose: async () => (ctx) => ({
        workflows: [incidentResponseWorkflow(bindIncidentDeps(settings, ctx))],
      }),
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('still gets the incident its card after a failure between commit and card request', async () => {
    const job = await h.bot.ctx.queues.alerts.add(JobName.Alert, {
      alert: guardDutyAlert(),
      origin: 'test',
      receivedAt: new Date().toISOString(),
    });
    const sync = await eventually(() => recording.cardSyncs[0]);
    expect(sync.version).toBe(1);
    await eventually(async () => ((await job.getState()) === 'completed' ? true : undefined));
    expect(await h.bot.ctx.queues.alerts.getJob(String(job.id)).then((j) => j?.returnvalue)).toBe('resynced');
    // The retry did not count the alert twice.
    expect(recording.cardSyncs).toHaveLength(1);
  });
});
