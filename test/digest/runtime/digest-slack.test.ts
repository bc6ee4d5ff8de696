import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleHistoryRecords, exampleMuteRules } from '../../../src/digest/example.js';
import { type BuiltDigest, buildDigest } from '../../../src/digest/runtime/build.js';
import { type PostDigestInput, postWeeklyDigest } from '../../../src/digest/runtime/post.js';
import type { AppContext } from '../../../src/platform/context.js';
import { createSilentLogger } from '../../../src/platform/log/logger.js';
import type { StoredMessage } from '../../../src/sandbox/slack-api/store/types.js';
import { createOutbox } from '../../../src/slack/outbox/index.js';
import type { Outbox } from '../../../src/slack/outbox/outbox.js';
import { outboxWorkflow } from '../../../workflows/outbox.js';
import { type Harness, startHarness, TEST_CHANNEL } from '../../support/harness.js';

/**
 * The weekly digest through the real outbox worker and @slack/web-api to the Slack stand-in:
 * one message per channel and week, with the chart attached to that same message.
 */

const NOW = new Date('2026-11-23T09:00:00Z');

/** Waits for the outbox worker; a wait, not a speed assertion. */
async function eventually<T>(probe: () => T | undefined, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('the weekly digest in Slack', () => {
  let h: Harness;
  let outbox: Outbox | undefined;
  beforeAll(async () => {
    h = await startHarness({
      commands: [],
      compose: async () => (ctx: AppContext) => {
        outbox = createOutbox({ queues: ctx.queues, redis: ctx.redis, prefix: ctx.config.redis.prefix });
        return {
          workflows: [outboxWorkflow({ renderCard: async () => undefined, cardUpdateIntervalMs: 100 })],
        };
      },
    });
    for (const id of ['C0DIGEST02', 'C0DIGEST03', 'C0DIGEST04'])
      h.slack.store.directory.addChannel({ id, name: id.toLowerCase() }, h.slack.store.nowSeconds());
  });
  afterAll(async () => {
    await h?.stop();
  });

  const build = (overrides: Partial<Parameters<typeof buildDigest>[0]> = {}) =>
    buildDigest({
      config: h.bot.ctx.config,
      history: {
        records: async () => exampleHistoryRecords(NOW),
        muteRules: async () => exampleMuteRules(NOW),
      },
      now: NOW,
      scope: { timeZone: 'UTC' },
      detectionIds: ['cis-root-account-usage'],
      ...overrides,
    });
  const post = (channel: string, owner: string, built: () => Promise<BuiltDigest> = () => build()) => {
    const input: PostDigestInput = {
      redis: h.bot.ctx.redis,
      prefix: h.bot.ctx.config.redis.prefix,
      outbox: outbox as Outbox,
      logger: createSilentLogger(),
      channel,
      now: NOW,
      timeZone: 'UTC',
      owner,
      build: built,
    };
    return postWeeklyDigest(input);
  };
  const digestsIn = (channel: string): StoredMessage[] =>
    h.slack.store
      .messagesIn(channel)
      .filter((m) => JSON.stringify(m.blocks ?? []).includes('Weekly security digest'));
  const header = (m: StoredMessage) =>
    (m.blocks?.[0] as { text?: { text?: string } } | undefined)?.text?.text;

  it('posts one message with the digest blocks and the chart attached, once per channel and week', async () => {
    const results = await Promise.all([post(TEST_CHANNEL, 'job-1'), post(TEST_CHANNEL, 'job-2')]);
    expect(results.sort()).toEqual(['already-posted', 'posted']);
    expect(await post(TEST_CHANNEL, 'job-1')).toBe('already-posted');

    const [message] = await eventually(() => {
      const found = digestsIn(TEST_CHANNEL);
      return found.length ? found : undefined;
    }, 'the digest message');
    expect(header(message as StoredMessage)).toBe('Weekly security digest');
    expect(message?.files).toHaveLength(1);
    const file = h.slack.store.files.get(message?.files[0] ?? '');
    expect(file?.bytes?.subarray(1, 4).toString()).toBe('PNG');
    expect(file?.title).toBe('Incidents per day and MTTA per week, last 4 weeks');
    // Nothing else was posted for it: no second message carrying the chart alone.
    await sleep(300);
    expect(h.slack.store.messagesIn(TEST_CHANNEL)).toHaveLength(1);
  });

  it("lets a crashed run's retry finish the week it claimed, and nobody else", async () => {
    const channel = 'C0DIGEST04';
    await h.bot.ctx.redis.set(
      `${h.bot.ctx.config.redis.prefix}:digest:${channel}:2026-W48`,
      'posting:job-crashed',
      'EX',
      900,
    );
    expect(await post(channel, 'job-other')).toBe('already-posted');
    expect(await post(channel, 'job-crashed')).toBe('posted');
  });

  it('releases the week when building fails, so a retry can post', async () => {
    const channel = 'C0DIGEST03';
    await expect(
      post(channel, 'job-5', async () => Promise.reject(new Error('history unavailable'))),
    ).rejects.toThrow('history unavailable');
    expect(await post(channel, 'job-5')).toBe('posted');
  });

  it('still posts one message, with the chart figures as text, when the chart cannot be drawn', async () => {
    const channel = 'C0DIGEST02';
    const noChart = async (): Promise<BuiltDigest> => ({ ...(await build()), chart: undefined });
    expect(await post(channel, 'job-4', noChart)).toBe('posted');
    const message = await eventually(() => digestsIn(channel)[0], 'the digest without a chart');
    expect(message.files).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('the chart could not be drawn; its figures instead');
  });
});
