import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeadLetterStore } from '../../../../src/alerts/intake/dead-letters.js';
import { mountSnsIntake, type SnsRouteOptions } from '../../../../src/alerts/intake/http/sns.js';
import { createHttpCertificateFetcher } from '../../../../src/alerts/intake/sns/cert-fetcher.js';
import { checkSigningCertUrl, type UrlVerdict } from '../../../../src/alerts/intake/sns/sns-url.js';
import { normalizeOptionsFromConfig } from '../../../../src/alerts/intake/wiring.js';
import { normalize } from '../../../../src/alerts/normalize.js';
import { MAX_JSON_DEPTH } from '../../../../src/platform/json.js';
import { createMetrics } from '../../../../src/platform/metrics.js';
import { createQueues, type Queues } from '../../../../src/platform/queue/queues.js';
import { testConfig } from '../../../support/config.js';
import { captureLogs } from '../../../support/log-capture.js';
import { deletePrefix, testRedisClient, uniquePrefix } from '../../../support/redis.js';
import {
  createSigningIdentity,
  type LocalServer,
  loadSnsFixture,
  type SnsFixture,
  signSnsMessage,
  startLocalServer,
  type TestSigningIdentity,
} from '../sns/sns-test-kit.js';

/**
 * The SNS route on a bare Express app with a clock the test sets: what the route admits after a
 * signature is good (allowed topic, recent Timestamp) and how it answers everything else.
 */

const ALLOWED = 'arn:aws:sns:eu-west-1:210987654321:watchkeeper-alarms';
const STRANGER = 'arn:aws:sns:eu-west-1:999999999999:watchkeeper-alarms';
const NOW = new Date('2026-11-20T10:00:00.000Z');
const alarm = JSON.parse(
  readFileSync(new URL('../../../fixtures/alerts/alarms/sns-single-metric.json', import.meta.url), 'utf8'),
) as SnsFixture;

let certs: LocalServer;
let identity: TestSigningIdentity;
let certUrl: string;
let redis: Redis;
const prefix = uniquePrefix('sns-route');
let queues: Queues;
let clock = NOW;
let confirmFails = false;
const confirmed: string[] = [];
const servers: Server[] = [];

function localOrProduction(url: string, topicArn: string): UrlVerdict {
  if (url === certUrl) return { ok: true, url: new URL(url) };
  return checkSigningCertUrl(url, topicArn);
}

async function mount(allowedTopicArns: readonly string[]) {
  const { logger, lines } = captureLogs();
  const options: SnsRouteOptions = {
    bodyLimitBytes: 256_000,
    metrics: createMetrics({ defaultMetrics: false }),
    logger,
    verify: { fetchCertificate: createHttpCertificateFetcher(), checkCertUrl: localOrProduction },
    allowedTopicArns,
    now: () => clock,
    confirm: async (url) => {
      if (confirmFails) throw new Error('connect ECONNREFUSED sns.eu-west-1.amazonaws.com');
      confirmed.push(url);
    },
    accept: {
      queues,
      deadLetters: new DeadLetterStore(redis, prefix),
      metrics: createMetrics({ defaultMetrics: false }),
      logger,
      normalize: (job) =>
        normalize(
          job,
          normalizeOptionsFromConfig(testConfig(), () => clock),
        ),
      now: () => clock,
    },
  };
  const app = express();
  mountSnsIntake(app, options);
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/intake/sns`;
  const post = async (body: SnsFixture | string) => {
    const res = await fetch(url, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'text/plain; charset=UTF-8' },
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };
  return { post, lines };
}

function signed(message: SnsFixture, extra: SnsFixture = {}): SnsFixture {
  return signSnsMessage({ ...message, Timestamp: NOW.toISOString(), ...extra }, identity, {
    version: '2',
    certUrl,
  });
}

async function stored(): Promise<number> {
  const counts = await queues.alerts.getJobCounts('waiting', 'active', 'completed', 'delayed', 'failed');
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

beforeAll(async () => {
  identity = createSigningIdentity();
  certs = await startLocalServer();
  certUrl = `${certs.origin}/cert.pem`;
  certs.serve('/cert.pem', { body: identity.certificatePem });
  redis = testRedisClient();
  queues = createQueues(redis, prefix);
});

afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await certs.close();
  await queues.close();
  await deletePrefix(redis, prefix);
  await redis.quit();
});

beforeEach(() => {
  clock = NOW;
  confirmFails = false;
});

describe('POST /intake/sns with an allow list', () => {
  let route: Awaited<ReturnType<typeof mount>>;
  beforeAll(async () => {
    route = await mount([ALLOWED]);
  });

  it('refuses a validly signed notification from a topic not on the list and stores nothing', async () => {
    const before = await stored();
    const forged = signed(alarm, { TopicArn: STRANGER, MessageId: 'route-forged-1' });
    const res = await route.post(forged);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('topic-not-allowed');
    expect(String(res.body.message)).toContain(STRANGER);
    expect(await stored()).toBe(before);
    // The same message, signed for the allowed topic, is taken.
    const genuine = await route.post(signed(alarm, { TopicArn: ALLOWED, MessageId: 'route-forged-1' }));
    expect(genuine.status).toBe(202);
    expect(await stored()).toBe(before + 1);
  });

  it('refuses an UnsubscribeConfirmation from a topic not on the list, and takes one from an allowed topic', async () => {
    const unsubscribe = loadSnsFixture('unsubscribe-confirmation.json');
    const stranger = await route.post(
      signed(unsubscribe, {
        TopicArn: STRANGER,
        SubscribeURL: String(unsubscribe.SubscribeURL).replace(ALLOWED, STRANGER),
      }),
    );
    expect(stranger).toMatchObject({ status: 403, body: { error: 'topic-not-allowed' } });
    expect((await route.post(signed(unsubscribe))).status).toBe(200);
  });

  it('refuses a signed message older than an hour by the injected clock, and takes it while it is recent', async () => {
    const before = await stored();
    const message = signed(alarm, {
      MessageId: 'route-stale-1',
      Timestamp: new Date(NOW.getTime() - 61 * 60_000).toISOString(),
    });
    const stale = await route.post(message);
    expect(stale.status).toBe(403);
    expect(stale.body.error).toBe('stale-message');
    expect(await stored()).toBe(before);
    // The route judges by the clock it was given: move it back and the very same body is recent.
    clock = new Date(NOW.getTime() - 60 * 60_000);
    expect((await route.post(message)).status).toBe(202);
  });

  it('refuses a signed message from 2019', async () => {
    const res = await route.post(
      signed(alarm, { MessageId: 'route-2019', Timestamp: '2019-06-01T12:00:00.000Z' }),
    );
    expect(res).toMatchObject({ status: 403, body: { error: 'stale-message' } });
  });

  it('refuses a signed message dated further ahead than the clock skew allows', async () => {
    const res = await route.post(
      signed(alarm, {
        MessageId: 'route-future',
        Timestamp: new Date(NOW.getTime() + 3_600_000).toISOString(),
      }),
    );
    expect(res).toMatchObject({ status: 403, body: { error: 'future-message' } });
  });

  it('refuses a certificate from another region than the topic', async () => {
    const res = await route.post(
      signSnsMessage({ ...alarm, Timestamp: NOW.toISOString() }, identity, {
        version: '2',
        certUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem',
      }),
    );
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('bad-cert-url');
    expect(String(res.body.message)).toMatch(/region us-east-1 does not match the TopicArn region eu-west-1/);
  });

  it('answers 503 with Retry-After when the SubscribeURL cannot be reached, so SNS sends it again', async () => {
    confirmFails = true;
    const res = await route.post(signed(loadSnsFixture('subscription-confirmation.json')));
    expect(res.status).toBe(503);
    expect(res.body.error).toBe('subscribe-url-unreachable');
    expect(res.headers.get('retry-after')).toBe('5');
    expect(JSON.stringify(res.body)).not.toContain('Token=');
    confirmFails = false;
    expect((await route.post(signed(loadSnsFixture('subscription-confirmation.json')))).status).toBe(200);
    expect(confirmed).toHaveLength(1);
  });

  it('answers 400 too-deep for a body nested deeper than MAX_JSON_DEPTH', async () => {
    const levels = MAX_JSON_DEPTH + 1;
    const body = JSON.stringify({ ...signed(alarm), MessageAttributes: 'DEEP' }).replace(
      '"DEEP"',
      `${'['.repeat(levels)}${']'.repeat(levels)}`,
    );
    expect(await route.post(body)).toMatchObject({ status: 400, body: { error: 'too-deep' } });
  });

  it('answers 400 message-too-deep for a Message nested deeper than MAX_JSON_DEPTH, storing nothing', async () => {
    const before = await stored();
    const levels = MAX_JSON_DEPTH + 1;
    const res = await route.post(
      signed(alarm, { MessageId: 'route-deep', Message: `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}` }),
    );
    expect(res).toMatchObject({ status: 400, body: { error: 'message-too-deep' } });
    expect(await stored()).toBe(before);
  });
});

describe('POST /intake/sns with no allowed topics', () => {
  let route: Awaited<ReturnType<typeof mount>>;
  beforeAll(async () => {
    route = await mount([]);
  });

  it('refuses even a validly signed message, saying which setting to change, without fetching a certificate', async () => {
    const before = await stored();
    const fetched = certs.requests.length;
    const res = await route.post(signed(alarm, { MessageId: 'route-empty-1' }));
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('no-topics-allowed');
    expect(String(res.body.message)).toMatch(/no SNS topics are allowed: set WATCHKEEPER_SNS_TOPIC_ARNS/);
    expect(certs.requests.length).toBe(fetched);
    expect(await stored()).toBe(before);
  });

  it('warns once, when the route is mounted, not on every request', async () => {
    await route.post('not even JSON');
    const warnings = route.lines().filter((line) => line.includes('WATCHKEEPER_SNS_TOPIC_ARNS'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0] ?? '{}')).toMatchObject({ level: 40 });
  });
});
