import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadLetterStore } from '../../src/alerts/intake/dead-letters.js';
import { replayDeadLetter } from '../../src/alerts/intake/replay.js';
import { acceptDeps } from '../../src/alerts/intake/wiring.js';
import { normalize } from '../../src/alerts/normalize.js';
import { JobName } from '../../src/platform/queue/names.js';
import { incidentResponseWorkflow } from '../../workflows/incident-response.js';
import { guardDutyAlert } from '../incidents/helpers/alerts.js';
import { eventually, recordingOutbox } from '../incidents/helpers/fake-outbox.js';
import { bindIncidentDeps, type IncidentSettings, settingsWith } from '../incidents/helpers/incident-deps.js';
import { type Harness, startHarness } from '../support/harness.js';

/**
 * An alert that intake accepted (and told AWS so) must not vanish when the incident worker fails
 * on it for good: it goes to the dead-letter list with its data and the error, and replay puts it
 * back on the queue once the cause is fixed.
 */
const recording = recordingOutbox();
let outboxDown = false;
const settings: IncidentSettings = settingsWith({
  ...recording,
  async requestCardSync(request) {
    if (outboxDown) throw new Error('the outbox is broken');
    await recording.requestCardSync(request);
  },
});

describe('an alert job that fails for good', () => {
  let h: Harness;
  let store: DeadLetterStore;
  beforeAll(async () => {
    h = await startHarness({
      compose: async () => (ctx) => ({
        workflows: [incidentResponseWorkflow(bindIncidentDeps(settings, ctx))],
      }),
    });
    store = new DeadLetterStore(h.bot.ctx.redis, h.bot.ctx.config.redis.prefix);
  });
  afterAll(async () => {
    await h.stop();
  });

  async function failed(jobId: string | undefined) {
    await eventually(async () => (await h.bot.ctx.queues.alerts.getJob(String(jobId)))?.isFailed());
  }
  async function lettersFor(jobId: string | undefined) {
    return (await store.list()).letters.filter((l) => l.failedJob?.jobId === jobId);
  }

  it('is dead-lettered with its data and the reason when its data is not an alert job', async () => {
    const data = {
      alert: { dedupeKey: 'half an alert' },
      origin: 'eventbridge',
      receivedAt: '2026-11-20T10:00:00Z',
    };
    const job = await h.bot.ctx.queues.alerts.add(JobName.Alert, data);
    await failed(job.id);
    const letters = await lettersFor(job.id);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      reason: expect.stringMatching(/^alert job failed for good: Invalid alert job/),
      failedJob: { queue: 'alerts', jobId: job.id },
      job: { kind: 'unknown', origin: 'alerts/eventbridge', receivedAt: data.receivedAt, payload: data },
    });
  });

  it('is dead-lettered once, after its last attempt, and replay re-drives it once the cause is fixed', async () => {
    outboxDown = true;
    const alert = guardDutyAlert({ dedupeKey: 'f-dead-letter-final' });
    const job = await h.bot.ctx.queues.alerts.add(
      JobName.Alert,
      { alert, origin: 'eventbridge', receivedAt: '2026-11-20T10:00:00Z' },
      { attempts: 2, backoff: { type: 'fixed', delay: 10 } },
    );
    await failed(job.id);
    const letters = await lettersFor(job.id);
    expect(letters).toHaveLength(1);
    expect(letters[0]?.reason).toBe('alert job failed for good: the outbox is broken');

    outboxDown = false;
    const ctx = h.bot.ctx;
    const result = await replayDeadLetter(
      letters[0]!,
      acceptDeps({ ...ctx, normalize: (input) => normalize(input, { now: ctx.now }) }),
    );
    expect(result).toEqual({ id: letters[0]!.id, status: 'accepted', alerts: 1 });
    expect(await store.get(letters[0]!.id)).toBeUndefined();
    // The stored incident counted the alert on the failed attempts already: the replay asks
    // for its card again rather than opening a second incident.
    const sync = await eventually(() => recording.cardSyncs.find((s) => s.version === 1));
    expect(sync.incidentId).toMatch(/^INC-/);
  });
});
