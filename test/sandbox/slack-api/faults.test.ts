import { type WebAPIHTTPError, type WebAPIRateLimitedError, WebClientEvent } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { type SlackStandIn, seededRandom } from '../../../src/sandbox/slack-api/index.js';
import { manualClock, startStandIn, webClient } from './helpers.js';

let standIn: SlackStandIn;
afterEach(async () => {
  await standIn.stop();
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('fault injection', () => {
  it('answers 429 with Retry-After, seen by WebClient as WebAPIRateLimitedError', async () => {
    standIn = await startStandIn();
    standIn.faults.set({ rateLimitShare: 1, retryAfterSeconds: 7 });
    const client = webClient(standIn, { rejectRateLimitedCalls: true });
    const error = await failure(client.chat.postMessage({ channel: 'C0ALERTS1', text: 'x' }));
    expect(error).toBeInstanceOf(Error);
    expect((error as WebAPIRateLimitedError).code).toBe('slack_webapi_rate_limited_error');
    expect((error as WebAPIRateLimitedError).retryAfter).toBe(7);
    expect(standIn.store.messagesIn('C0ALERTS1')).toHaveLength(0);
    expect(standIn.store.callsTo('chat.postMessage').map((c) => c.outcome)).toEqual(['429']);
  });

  it('answers 5xx for a share of calls and changes nothing', async () => {
    standIn = await startStandIn();
    standIn.faults.set({ serverErrorShare: 1, serverErrorStatus: 503 });
    const error = await failure(webClient(standIn).chat.postMessage({ channel: 'C0ALERTS1', text: 'x' }));
    expect((error as WebAPIHTTPError).code).toBe('slack_webapi_http_error');
    expect((error as WebAPIHTTPError).statusCode).toBe(503);
    expect(standIn.store.messagesIn('C0ALERTS1')).toHaveLength(0);
  });

  it('limits faults to the listed methods', async () => {
    standIn = await startStandIn();
    standIn.faults.set({ rateLimitShare: 1, methods: ['chat.update'] });
    const answer = await webClient(standIn).chat.postMessage({ channel: 'C0ALERTS1', text: 'x' });
    expect(answer.ok).toBe(true);
  });

  it('faults the same calls for the same seed', async () => {
    const outcomes = async (seed: number) => {
      standIn = await startStandIn({ random: seededRandom(seed) });
      standIn.faults.set({ rateLimitShare: 0.5 });
      const client = webClient(standIn, { rejectRateLimitedCalls: true });
      for (let i = 0; i < 12; i += 1) await client.auth.test().catch(() => undefined);
      const result = standIn.store.calls.map((c) => c.outcome).join(',');
      await standIn.stop();
      return result;
    };
    const first = await outcomes(42);
    expect(await outcomes(42)).toBe(first);
    expect(first).toContain('429');
    expect(first).toContain('ok');
    standIn = await startStandIn();
  });

  it('lets a WebClient with retries succeed after the Retry-After pause once faults clear', async () => {
    standIn = await startStandIn({ random: seededRandom(1) });
    standIn.faults.set({ rateLimitShare: 1, retryAfterSeconds: 0 });
    const client = webClient(standIn, { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    client.on(WebClientEvent.RATE_LIMITED, () => standIn.faults.clear());
    const answer = await client.chat.postMessage({ channel: 'C0ALERTS1', text: 'eventually' });
    expect(answer.ok).toBe(true);
    expect(standIn.store.callsTo('chat.postMessage').map((c) => c.outcome)).toEqual(['429', 'ok']);
  });

  it('applies a per-channel posting limit like Slack, per channel', async () => {
    const clock = manualClock();
    standIn = await startStandIn({ now: clock.now });
    standIn.faults.set({ channelPostsPerSecond: 1 });
    const client = webClient(standIn, { rejectRateLimitedCalls: true });
    await client.chat.postMessage({ channel: 'C0ALERTS1', text: 'one' });
    const error = await failure(client.chat.postMessage({ channel: 'C0ALERTS1', text: 'two' }));
    expect((error as WebAPIRateLimitedError).retryAfter).toBe(1);
    await client.chat.postMessage({ channel: 'C0DIGEST2', text: 'other channel' });
    clock.advance(1000);
    await client.chat.postMessage({ channel: 'C0ALERTS1', text: 'three' });
    expect(standIn.store.messagesIn('C0ALERTS1').map((m) => m.text)).toEqual(['one', 'three']);
    expect(standIn.store.postsPerSecond('C0ALERTS1')).toBe(1);
  });

  it('measures the busiest second of posts to a channel', async () => {
    const clock = manualClock();
    standIn = await startStandIn({ now: clock.now });
    const client = webClient(standIn);
    let elapsed = 0;
    for (const offset of [0, 100, 200, 1500, 1600]) {
      clock.advance(offset - elapsed);
      elapsed = offset;
      await client.chat.postMessage({ channel: 'C0ALERTS1', text: String(offset) });
    }
    expect(standIn.store.postsPerSecond('C0ALERTS1')).toBe(3);
    clock.advance(5000);
    await client.chat.postMessage({ channel: 'C0DIGEST2', text: 'x' });
    expect(standIn.store.postsPerSecond('C0DIGEST2')).toBe(1);
  });
});
