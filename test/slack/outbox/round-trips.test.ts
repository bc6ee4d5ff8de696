import { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/platform/context.js';
import { JobName } from '../../../src/platform/queue/names.js';
import { outboxKeys } from '../../../src/slack/outbox/keys.js';
import type { CardRenderer } from '../../../src/slack/outbox/outbox.js';
import { processCardJob } from '../../../src/slack/outbox/process-card.js';
import { processMessageJob } from '../../../src/slack/outbox/process-message.js';
import { SLACK_CHANNEL_BUCKET } from '../../../src/slack/outbox/token-bucket.js';
import { type Harness, startHarness, TEST_CHANNEL } from '../../support/harness.js';
import { deletePrefix, testRedisClient, uniquePrefix } from '../../support/redis.js';

/**
 * What the outbox's jobs cost the worker in Redis round trips (each one a socket write and a
 * wait): a card job runs once per update interval per busy card and each new incident posts its
 * runbook in the thread, so every round trip saved is saved on most alerts. Counted as writes
 * on the connection the job is given.
 */
describe('outbox jobs in Redis round trips', () => {
  const prefix = uniquePrefix('card-rtt');
  const redis = testRedisClient();
  let h: Harness;
  let version = 1;
  const renderCard: CardRenderer = async () => ({
    text: `card v${version}`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `card v${version}` } }],
    version,
  });
  beforeAll(async () => {
    // No outbox workflow: this test runs the card job itself, on a connection it counts.
    h = await startHarness({ commands: [], role: 'worker', env: { WATCHKEEPER_QUEUE_PREFIX: prefix } });
  });
  afterAll(async () => {
    await h.stop();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  /** Counts the writes to Redis's socket while `fn` runs: one per command, one per pipeline. */
  async function roundTrips(connection: Redis, fn: () => Promise<unknown>): Promise<number> {
    await connection.ping();
    const stream = (connection as unknown as { stream: { write: (...args: unknown[]) => boolean } }).stream;
    const write = stream.write;
    let writes = 0;
    stream.write = (...args: unknown[]) => {
      writes++;
      return write.apply(stream, args);
    };
    try {
      await fn();
    } finally {
      stream.write = write;
    }
    return writes;
  }

  const run = (ctx: AppContext, v: number) => {
    const job = new Job(h.bot.ctx.queues['slack-outbox'], JobName.SlackPostCard, {
      incidentId: 'INC-RTT',
      channel: TEST_CHANNEL,
      version: v,
    });
    return processCardJob(job, ctx, 'token', {
      renderCard,
      cardUpdateIntervalMs: 0,
      bucket: SLACK_CHANNEL_BUCKET,
    });
  };

  it('a card update takes two besides Slack: one look before, one settle after', async () => {
    const ctx = { ...h.bot.ctx, redis } as AppContext;
    const keys = outboxKeys(prefix);
    await redis.set(keys.wanted('INC-RTT'), '1');
    expect(await run(ctx, 1)).toBe('posted');

    version = 2;
    await redis.set(keys.wanted('INC-RTT'), '2');
    let outcome: string | undefined;
    const trips = await roundTrips(redis, async () => {
      outcome = await run(ctx, 2);
    });
    expect(outcome).toBe('updated');
    expect(h.slack.store.messagesIn(TEST_CHANNEL).find((m) => m.text === 'card v2')).toBeDefined();
    expect(await redis.hget(keys.card('INC-RTT'), 'sentVersion')).toBe('2');
    expect(await redis.exists(keys.queued('INC-RTT'))).toBe(0);
    expect(trips).toBe(2);
  });

  it('a message in the card thread takes three: one look, the channel budget, one record', async () => {
    const ctx = { ...h.bot.ctx, redis } as AppContext;
    const keys = outboxKeys(prefix);
    // The card of INC-RTT is posted by the test above.
    expect(await redis.hget(keys.card('INC-RTT'), 'ts')).toBeTruthy();
    const job = new Job(h.bot.ctx.queues['slack-outbox'], JobName.SlackPostMessage, {
      idempotencyKey: 'runbook.INC-RTT',
      channel: TEST_CHANNEL,
      text: 'the runbook of INC-RTT',
      threadOfIncident: 'INC-RTT',
      seq: 1,
    });
    let outcome: string | undefined;
    const trips = await roundTrips(redis, async () => {
      outcome = await processMessageJob(job, ctx, 'token', SLACK_CHANNEL_BUCKET);
    });
    expect(outcome).toBe('posted');
    const cardTs = String(await redis.hget(keys.card('INC-RTT'), 'ts'));
    const reply = h.slack.store
      .threadOf(TEST_CHANNEL, cardTs)
      .find((m) => m.text === 'the runbook of INC-RTT');
    expect(reply).toBeDefined();
    expect(await redis.get(keys.sent('runbook.INC-RTT'))).toBe(reply?.ts);
    expect(await redis.get(keys.threadDone('INC-RTT'))).toBe('1');
    expect(trips).toBe(3);
    // Asked again: already sent, nothing posted twice.
    expect(await processMessageJob(job, ctx, 'token', SLACK_CHANNEL_BUCKET)).toBe('already-sent');
  });
});
