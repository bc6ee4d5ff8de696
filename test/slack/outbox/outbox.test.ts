import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutbox, SLACK_CHANNEL_BUCKET, takeToken } from '../../../src/slack/outbox/index.js';
import { outboxKeys } from '../../../src/slack/outbox/keys.js';
import type { CardRenderer } from '../../../src/slack/outbox/outbox.js';
import { outboxWorkflow } from '../../../workflows/outbox.js';
import { type Harness, startHarness, TEST_CHANNEL } from '../../support/harness.js';
import { deletePrefix, testRedisClient, uniquePrefix } from '../../support/redis.js';

async function eventually<T>(probe: () => T | undefined, what: string, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe('the per-channel token bucket', () => {
  const redis = testRedisClient();
  const prefix = uniquePrefix('bucket');
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('allows a burst of its capacity, then one token per second, and says how long to wait', async () => {
    const key = `${prefix}:c1`;
    const bucket = { capacity: 3, refillPerSecond: 1 };
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) expect(await takeToken(redis, key, bucket, t0)).toEqual({ ok: true });
    expect(await takeToken(redis, key, bucket, t0)).toEqual({ ok: false, waitMs: 1000 });
    expect(await takeToken(redis, key, bucket, t0 + 400)).toEqual({ ok: false, waitMs: 600 });
    expect(await takeToken(redis, key, bucket, t0 + 1000)).toEqual({ ok: true });
    expect(await takeToken(redis, key, bucket, t0 + 1000)).toEqual({ ok: false, waitMs: 1000 });
    // Long idle refills to capacity, never beyond.
    for (let i = 0; i < 3; i++) expect((await takeToken(redis, key, bucket, t0 + 60_000)).ok).toBe(true);
    expect((await takeToken(redis, key, bucket, t0 + 60_000)).ok).toBe(false);
  });

  it('keeps channels apart', async () => {
    const bucket = { capacity: 1, refillPerSecond: 1 };
    expect((await takeToken(redis, `${prefix}:a`, bucket, 5)).ok).toBe(true);
    expect((await takeToken(redis, `${prefix}:b`, bucket, 5)).ok).toBe(true);
    expect((await takeToken(redis, `${prefix}:a`, bucket, 5)).ok).toBe(false);
  });
});

describe('the outbox against the Slack stand-in', () => {
  const cards = new Map<string, { version: number; text: string; valid?: boolean }>();
  const renders = new Map<string, number>();
  const renderCard: CardRenderer = async (id) => {
    renders.set(id, (renders.get(id) ?? 0) + 1);
    const card = cards.get(id);
    if (!card) return undefined;
    const text = card.valid === false ? '' : card.text;
    return {
      text,
      version: card.version,
      blocks:
        card.valid === false
          ? [{ type: 'section', text: { type: 'mrkdwn', text: '' } }]
          : [{ type: 'section', text: { type: 'mrkdwn', text } }],
    } as never;
  };
  const prefix = uniquePrefix('outbox');
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    // Two runtimes on one Redis prefix: two replicas of the outbox worker.
    a = await startHarness({
      commands: [],
      role: 'worker',
      env: { WATCHKEEPER_QUEUE_PREFIX: prefix },
      workflows: [outboxWorkflow({ renderCard, cardUpdateIntervalMs: 100 })],
    });
    b = await startHarness({
      commands: [],
      role: 'worker',
      env: { WATCHKEEPER_QUEUE_PREFIX: prefix, SLACK_API_URL: a.slack.apiUrl },
      workflows: [outboxWorkflow({ renderCard, cardUpdateIntervalMs: 100 })],
    });
  });
  afterAll(async () => {
    await b.stop();
    await a.stop();
  });
  const outbox = () => createOutbox({ queues: a.bot.ctx.queues, redis: a.bot.ctx.redis, prefix });
  const top = () => a.slack.store.messagesIn(TEST_CHANNEL).filter((m) => !m.threadTs);

  it('posts a card once across two replicas, then updates it in place to the latest version', async () => {
    cards.set('INC-one', { version: 1, text: 'card v1' });
    await Promise.all([
      outbox().requestCardSync({ incidentId: 'INC-one', channel: TEST_CHANNEL, version: 1 }),
      outbox().requestCardSync({ incidentId: 'INC-one', channel: TEST_CHANNEL, version: 1 }),
    ]);
    const card = await eventually(() => top().find((m) => m.text === 'card v1'), 'the first post');
    for (let v = 2; v <= 50; v++) {
      cards.set('INC-one', { version: v, text: `card v${v}` });
      await outbox().requestCardSync({ incidentId: 'INC-one', channel: TEST_CHANNEL, version: v });
    }
    await eventually(
      () => (a.slack.store.findMessage(TEST_CHANNEL, card.ts)?.text === 'card v50' ? true : undefined),
      'the final version',
    );
    expect(top().filter((m) => m.text?.startsWith('card v'))).toHaveLength(1);
    expect(a.slack.store.callsTo('chat.update').length).toBeLessThan(49);
  });

  it('queues one card job for a burst of changes, not one per version, and still shows the last', async () => {
    const queue = a.bot.ctx.queues['slack-outbox'];
    // Every card job queued takes a claim number, so the counter says how many there ever were
    // (completed card jobs are removed at once).
    const cardJobsQueued = async (id: string) =>
      Number(await a.bot.ctx.redis.get(outboxKeys(prefix).claims(id)));
    const cardJobsKept = async (id: string) =>
      (await queue.getJobs(['completed'])).filter(
        (j) => j.name === 'slack.card.sync' && (j.data as { incidentId?: string }).incidentId === id,
      );
    cards.set('INC-burst', { version: 1, text: 'burst v1' });
    await outbox().requestCardSync({ incidentId: 'INC-burst', channel: TEST_CHANNEL, version: 1 });
    await eventually(() => top().find((m) => m.text === 'burst v1'), 'the first post');
    // 200 changes while the card may update only every 100 ms: each request only raises the version.
    for (let v = 2; v <= 201; v++) {
      cards.set('INC-burst', { version: v, text: `burst v${v}` });
      await outbox().requestCardSync({ incidentId: 'INC-burst', channel: TEST_CHANNEL, version: v });
    }
    await eventually(
      () => (top().some((m) => m.text === 'burst v201') ? true : undefined),
      'the last version on the card',
    );
    expect(top().filter((m) => m.text?.startsWith('burst v'))).toHaveLength(1);
    // One job for the first post, then a handful for the burst (a job that settles lets the next
    // request queue a new one); without coalescing there is one job per version: 201.
    const queued = await cardJobsQueued('INC-burst');
    expect(queued).toBeGreaterThanOrEqual(1);
    expect(queued).toBeLessThan(20);
    // A completed card job deduplicates nothing (its id has its claim number): none is kept.
    const pending = async () =>
      (await queue.getJobs(['waiting', 'delayed', 'active', 'prioritized'])).filter(
        (j) => (j.data as { incidentId?: string }).incidentId === 'INC-burst',
      );
    for (let i = 0; i < 200 && (await pending()).length > 0; i++) await sleep(25);
    expect(await pending()).toEqual([]);
    expect(await cardJobsKept('INC-burst')).toEqual([]);
  });

  it("draws a card once it is sure to send it, not on each run that waits for the channel's budget", async () => {
    // The channel's budget spent: the card's first run must wait about a second for a token.
    const bucket = outboxKeys(prefix).bucket(TEST_CHANNEL);
    for (let i = 0; i < SLACK_CHANNEL_BUCKET.capacity; i++)
      await takeToken(a.bot.ctx.redis, bucket, SLACK_CHANNEL_BUCKET, Date.now());
    cards.set('INC-budget', { version: 1, text: 'budget v1' });
    await outbox().requestCardSync({ incidentId: 'INC-budget', channel: TEST_CHANNEL, version: 1 });
    await eventually(() => top().find((m) => m.text === 'budget v1'), 'the post');
    expect(renders.get('INC-budget')).toBe(1);
  });

  it('posts a message once per idempotency key, in the card thread', async () => {
    const card = top().find((m) => m.text?.startsWith('card v'));
    for (let i = 0; i < 3; i++)
      await outbox().postMessage({
        idempotencyKey: 'timeline.INC-one.ack',
        channel: TEST_CHANNEL,
        text: 'acknowledged',
        threadOfIncident: 'INC-one',
      });
    await eventually(
      () => a.slack.store.threadOf(TEST_CHANNEL, String(card?.ts)).find((m) => m.text === 'acknowledged'),
      'the thread message',
    );
    await sleep(300);
    expect(
      a.slack.store.threadOf(TEST_CHANNEL, String(card?.ts)).filter((m) => m.text === 'acknowledged'),
    ).toHaveLength(1);
  });

  it('updates a posted message to the latest content asked for, even when asked before it was posted', async () => {
    const key = 'status.review-1';
    // The update is asked for first: it waits for the post instead of being lost.
    await outbox().updateMessage({ postedKey: key, channel: TEST_CHANNEL, text: 'progress 1' });
    await outbox().postMessage({ idempotencyKey: key, channel: TEST_CHANNEL, text: 'starting' });
    for (let i = 2; i <= 20; i++)
      await outbox().updateMessage({ postedKey: key, channel: TEST_CHANNEL, text: `progress ${i}` });
    const posted = await eventually(
      () => top().find((m) => m.text?.startsWith('progress 20')),
      'the last update',
    );
    expect(top().filter((m) => m.text === 'starting' || m.text?.startsWith('progress'))).toEqual([posted]);
    await sleep(300);
    expect(a.slack.store.findMessage(TEST_CHANNEL, posted.ts)?.text).toBe('progress 20');
    // Older contents still queued were skipped, not sent after the newer one.
    expect(a.slack.store.callsTo('chat.update').length).toBeLessThan(20);
  });

  it('sends ephemerals and uploads a file once per idempotency key', async () => {
    await outbox().postEphemeral({ channel: TEST_CHANNEL, user: 'U0RESPONDER', text: 'only you see this' });
    for (let i = 0; i < 2; i++)
      await outbox().uploadFile({
        idempotencyKey: 'export.one',
        channel: TEST_CHANNEL,
        filename: 'report.csv',
        title: 'Report',
        content: Buffer.from('a,b\n1,2\n'),
      });
    await eventually(
      () => (a.slack.store.callsTo('chat.postEphemeral').length > 0 ? true : undefined),
      'the ephemeral',
    );
    await eventually(
      () => (a.slack.store.callsTo('files.completeUploadExternal').length > 0 ? true : undefined),
      'the upload',
    );
    await sleep(300);
    expect(a.slack.store.callsTo('files.completeUploadExternal')).toHaveLength(1);
  });

  it('fails a card Slack rejects for good instead of retrying it forever', async () => {
    cards.set('INC-bad', { version: 1, text: 'bad', valid: false });
    await outbox().requestCardSync({ incidentId: 'INC-bad', channel: TEST_CHANNEL, version: 1 });
    const queue = a.bot.ctx.queues['slack-outbox'];
    let jobs: Awaited<ReturnType<typeof queue.getFailed>> = [];
    for (let i = 0; i < 200 && jobs.length === 0; i++) {
      jobs = (await queue.getFailed()).filter(
        (j) => (j.data as { incidentId?: string }).incidentId === 'INC-bad',
      );
      if (jobs.length === 0) await sleep(25);
    }
    expect(jobs[0]?.failedReason).toMatch(/invalid_blocks/);
    expect(jobs[0]?.attemptsMade).toBe(1);
  });
});
