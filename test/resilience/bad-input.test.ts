import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { DeadLetterStore } from '../../src/alerts/intake/dead-letters.js';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import { composer } from '../../src/main/compose.js';
import { signSlackRequest } from '../../src/sandbox/slack-api/index.js';
import { CANARY } from '../support/config.js';
import { type Harness, startHarness } from '../support/harness.js';

/**
 * At least 10,000 generated bodies against the three public endpoints: malformed JSON, wrong
 * types, huge strings, deep nesting, invalid UTF-8, forged and replayed signatures. While Redis
 * is up: no crash, no 5xx, every rejection a 4xx with a reason, and nothing stored.
 */
const RUNS_PER_ENDPOINT = 3_400;

const deep = (depth: number): string => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

const hostileBody = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 4 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.integer({ min: 50, max: 3_000 }).map(deep),
  fc.integer({ min: 1_000, max: 60_000 }).map((n) => JSON.stringify({ 'detail-type': 'x'.repeat(n) })),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from([0xff, 0xfe, ...bytes]).toString('latin1')),
  fc
    .record({ id: fc.anything(), 'detail-type': fc.anything(), source: fc.anything() })
    .map((v) => JSON.stringify(v)),
  fc
    .record({
      Type: fc.constantFrom('Notification', 'SubscriptionConfirmation', 'Nope'),
      Message: fc.string(),
      SignatureVersion: fc.constantFrom('1', '2', '3'),
      SigningCertURL: fc.webUrl(),
    })
    .map((v) => JSON.stringify(v)),
);

describe('hostile input on every public endpoint', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      commands: COMMANDS,
      role: 'web',
      env: {
        WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey,
        // With no topic allowed every SNS body is refused before it is read; give it one to read.
        WATCHKEEPER_SNS_TOPIC_ARNS: 'arn:aws:sns:eu-west-1:210987654321:watchkeeper-alarms',
      },
      compose: composer(),
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  async function send(
    path: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; text: string }> {
    const res = await fetch(`${h.bot.url}${path}`, { method: 'POST', body, headers });
    return { status: res.status, text: await res.text() };
  }

  async function storedNothing(): Promise<void> {
    const counts = await h.bot.ctx.queues.alerts.getJobCounts(
      'waiting',
      'active',
      'completed',
      'delayed',
      'failed',
    );
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
    expect(
      (await h.bot.ctx.queues.tasks.getJobCounts('waiting', 'active', 'completed', 'delayed')).waiting,
    ).toBe(0);
  }

  it('/intake/eventbridge answers 4xx with a reason and stores nothing', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(hostileBody, fc.boolean(), async (body, withKey) => {
        const { status, text } = await send('/intake/eventbridge', body, {
          'content-type': 'application/json',
          ...(withKey ? { [API_KEY_HEADER]: CANARY.eventBridgeApiKey } : {}),
        });
        expect(status).toBeGreaterThanOrEqual(400);
        expect(status).toBeLessThan(500);
        expect(text.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS_PER_ENDPOINT },
    );
    // Only well-formed events whose content fits no shape are dead-lettered; none of these is one.
    await storedNothing();
  });

  it('/intake/sns answers 4xx with a reason and stores nothing', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(hostileBody, async (body) => {
        const { status, text } = await send('/intake/sns', body, { 'content-type': 'text/plain' });
        // A certificate URL on an SNS host that cannot be fetched here is 503 by design (SNS
        // retries); everything else the sender got wrong is a 4xx.
        expect(status === 503 ? /certificate-unavailable/.test(text) : status >= 400 && status < 500).toBe(
          true,
        );
        expect(text.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS_PER_ENDPOINT },
    );
    await storedNothing();
    expect((await new DeadLetterStore(h.bot.ctx.redis, h.bot.ctx.config.redis.prefix).list()).total).toBe(0);
  });

  it('/slack/events refuses forged, replayed and malformed requests', { timeout: 120_000 }, async () => {
    const now = () => Math.floor(Date.now() / 1000);
    await fc.assert(
      fc.asyncProperty(hostileBody, fc.constantFrom('forged', 'replayed', 'unsigned'), async (body, kind) => {
        const ts = kind === 'replayed' ? now() - 3_600 : now();
        const secret = kind === 'forged' ? 'not-the-signing-secret' : CANARY.signingSecret;
        const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
        if (kind !== 'unsigned') {
          headers['x-slack-request-timestamp'] = String(ts);
          headers['x-slack-signature'] = signSlackRequest(secret, ts, body);
        }
        const { status } = await send('/slack/events', body, headers);
        expect([400, 401, 413]).toContain(status);
      }),
      { numRuns: RUNS_PER_ENDPOINT },
    );
    await storedNothing();
  });

  it('is still healthy and ready afterwards', async () => {
    expect((await fetch(`${h.bot.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${h.bot.url}/readyz`)).status).toBe(200);
  });
});
