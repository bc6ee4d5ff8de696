import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/platform/audit/export.js';
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

  it('keeps the audit entry of a change even when Redis fails right after the commit', async () => {
    // The fault where an entry written after the commit would be lost: the next XADD this runtime
    // sends fails, and the retry finds the alert already counted (it does not audit again).
    const redis = h.bot.ctx.redis;
    const xadd = redis.xadd.bind(redis);
    let failNextXadd = true;
    redis.xadd = ((...args: Parameters<typeof xadd>) => {
      if (failNextXadd) {
        failNextXadd = false;
        return Promise.reject(new Error('Redis went away after the commit'));
      }
      return xadd(...args);
    }) as typeof redis.xadd;
    const alert = guardDutyAlert({
      dedupeKey: 'gd-retry-audit-1',
      resource: { type: 'AccessKey', id: 'svc-retry-audit', tags: {} },
    });
    const job = await h.bot.ctx.queues.alerts.add(
      JobName.Alert,
      { alert, origin: 'test', receivedAt: new Date().toISOString() },
      { attempts: 3, backoff: { type: 'fixed', delay: 10 } },
    );
    await eventually(async () => ((await job.getState()) === 'completed' ? true : undefined));
    const opened = (await readAudit(redis, h.bot.ctx.config.redis.prefix, new Date(0))).filter(
      (row) => row.action === 'alert.opened' && row.detail === 'gd-retry-audit-1',
    );
    expect(opened).toHaveLength(1);
    redis.xadd = xadd;
  });
});
