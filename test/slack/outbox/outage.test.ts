import { setTimeout as sleep } from 'node:timers/promises';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackStandIn, type SlackStandIn } from '../../../src/sandbox/slack-api/index.js';
import { OUTAGE_MAX_WAIT_MS, outageWaitMs, pollWaitMs } from '../../../src/slack/outbox/delay.js';
import { createOutbox } from '../../../src/slack/outbox/index.js';
import { outboxKeys } from '../../../src/slack/outbox/keys.js';
import type { CardRenderer } from '../../../src/slack/outbox/outbox.js';
import { classifySlackFailure } from '../../../src/slack/outbox/slack-errors.js';
import { outboxWorkflow, reconcileCards } from '../../../workflows/outbox.js';
import { type Harness, startHarness, TEST_CHANNEL } from '../../support/harness.js';

async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, ms = 40_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** What a real WebClient throws against the stand-in with a fault, without retrying. */
async function failureFrom(configure: (s: SlackStandIn) => void): Promise<unknown> {
  const standIn = createSlackStandIn({
    botToken: 'xoxb-outage-test',
    channels: [{ id: 'C0OUT', name: 'out' }],
  });
  await standIn.start();
  try {
    configure(standIn);
    const client = new WebClient('xoxb-outage-test', {
      slackApiUrl: standIn.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    return await client.chat.postMessage({ channel: 'C0OUT', text: 'x' }).then(
      () => undefined,
      (error: unknown) => error,
    );
  } finally {
    await standIn.stop();
  }
}

describe('telling a Slack outage from a bad request', () => {
  it('calls a dropped connection and a 5xx "unavailable", a rate limit "rate-limited"', async () => {
    expect(classifySlackFailure(await failureFrom((s) => s.faults.set({ unreachable: true })))).toEqual({
      kind: 'unavailable',
    });
    const fiveHundred = await failureFrom((s) =>
      s.faults.set({ serverErrorShare: 1, serverErrorStatus: 503 }),
    );
    expect(classifySlackFailure(fiveHundred)).toEqual({ kind: 'unavailable' });
    const limited = await failureFrom((s) => s.faults.set({ rateLimitShare: 1, retryAfterSeconds: 2 }));
    expect(classifySlackFailure(limited)).toEqual({ kind: 'rate-limited', retryAfterMs: 2000 });
  });

  it('waits half as long again after each failed try, never more than a minute', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3].map((n) => outageWaitMs(n, mid))).toEqual([1000, 1500, 2250, 3375]);
    expect(outageWaitMs(20, mid)).toBe(OUTAGE_MAX_WAIT_MS);
    expect(outageWaitMs(1_000, () => 1)).toBeLessThanOrEqual(OUTAGE_MAX_WAIT_MS * 1.2);
  });

  it('looks again for a card or an earlier thread entry soon at first, then less often, up to a bound', () => {
    expect(
      [0, 2_000, 4_000, 8_000, 20_000, 15 * 60_000].map((waited) => pollWaitMs(waited, 1_000, 5_000)),
    ).toEqual([1_000, 1_000, 1_000, 2_000, 5_000, 5_000]);
    expect(pollWaitMs(0, 250, 2_000)).toBe(250);
  });
});

describe('the outbox while Slack is down', () => {
  const renderCard: CardRenderer = async (id) => ({
    text: `card of ${id}`,
    version: 1,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `card of ${id}` } }] as never,
  });
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ workflows: [outboxWorkflow({ renderCard, cardUpdateIntervalMs: 100 })] });
  });
  afterAll(async () => {
    h.slack.faults.clear();
    await h.stop();
  });
  const outbox = () =>
    createOutbox({ queues: h.bot.ctx.queues, redis: h.bot.ctx.redis, prefix: h.bot.ctx.config.redis.prefix });
  const cards = (id: string) =>
    h.slack.store.messagesIn(TEST_CHANNEL).filter((m) => m.text === `card of ${id}`);

  it('waits the outage out without spending attempts, then posts the card once', {
    timeout: 90_000,
  }, async () => {
    h.slack.faults.set({ unreachable: true });
    await outbox().requestCardSync({ incidentId: 'INC-OUTAGE', channel: TEST_CHANNEL, version: 1 });
    const job = await eventually(async () => {
      const [found] = await h.bot.ctx.queues['slack-outbox'].getJobs(['delayed', 'waiting', 'active']);
      return found && (found.data as { outageDelays?: number }).outageDelays ? found : undefined;
    }, 'the card job to wait out the outage');
    expect(job.attemptsMade).toBe(0);
    h.slack.faults.clear();
    await eventually(() => cards('INC-OUTAGE').length === 1, 'the card after the outage');
    await sleep(500);
    expect(cards('INC-OUTAGE')).toHaveLength(1);
  });

  it('counts only an unbroken run of 5xx as an outage: a 429 in between starts the backoff again', {
    timeout: 60_000,
  }, async () => {
    const delaysOf = async () => {
      const [found] = await h.bot.ctx.queues['slack-outbox'].getJobs(['delayed', 'waiting', 'active']);
      return found ? ((found.data as { outageDelays?: number }).outageDelays ?? 0) : undefined;
    };
    h.slack.faults.set({ serverErrorShare: 1, serverErrorStatus: 502 });
    await outbox().requestCardSync({ incidentId: 'INC-BLIPS', channel: TEST_CHANNEL, version: 1 });
    await eventually(async () => ((await delaysOf()) ?? 0) >= 2, 'two outage waits in a row');
    // Slack answers again, if only with a rate limit: it is up, so the next 5xx waits a second, not minutes.
    h.slack.faults.set({ rateLimitShare: 1, retryAfterSeconds: 1 });
    await eventually(async () => (await delaysOf()) === 0, 'the outage count reset by a 429');
    h.slack.faults.clear();
    await eventually(() => cards('INC-BLIPS').length === 1, 'the card once Slack answers');
    await sleep(300);
    expect(cards('INC-BLIPS')).toHaveLength(1);
  });

  it('adopts a card Slack posted but whose answer was lost, instead of posting it again', {
    timeout: 60_000,
  }, async () => {
    h.slack.faults.set({ failAfterPerforming: 1, methods: ['chat.postMessage'] });
    await outbox().requestCardSync({ incidentId: 'INC-LOSTANSWER', channel: TEST_CHANNEL, version: 1 });
    const keys = outboxKeys(h.bot.ctx.config.redis.prefix);
    await eventually(
      async () => (await h.bot.ctx.redis.hget(keys.card('INC-LOSTANSWER'), 'ts')) ?? undefined,
      'the stored ts',
    );
    await sleep(500);
    const posted = cards('INC-LOSTANSWER');
    expect(posted).toHaveLength(1);
    expect(posted[0]?.metadata).toEqual({
      event_type: 'watchkeeper_incident_card',
      event_payload: { incident_id: 'INC-LOSTANSWER' },
    });
    expect(await h.bot.ctx.redis.hget(keys.card('INC-LOSTANSWER'), 'ts')).toBe(posted[0]?.ts);
  });

  it('reconciles: an open incident whose card jobs were lost gets its card, a carded one nothing', async () => {
    await eventually(() => cards('INC-OUTAGE').length === 1, 'the earlier card');
    const wanted = [
      { incidentId: 'INC-OUTAGE', channel: TEST_CHANNEL, version: 1 },
      { incidentId: 'INC-LOSTJOBS', channel: TEST_CHANNEL, version: 1 },
    ];
    expect(await reconcileCards(h.bot.ctx, wanted)).toBe(1);
    await eventually(() => cards('INC-LOSTJOBS').length === 1, 'the reconciled card');
    expect(cards('INC-OUTAGE')).toHaveLength(1);
  });
});
