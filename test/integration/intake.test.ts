import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDetectionCatalog } from '../../src/alerts/detections/catalog-loader.js';
import { DeadLetterStore } from '../../src/alerts/intake/dead-letters.js';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import { intakeRoutes } from '../../workflows/intake.js';
import {
  createSigningIdentity,
  type LocalServer,
  signSnsMessage,
  startLocalServer,
} from '../alerts/intake/sns/sns-test-kit.js';
import { CANARY } from '../support/config.js';
import { type Harness, startHarness } from '../support/harness.js';
import { type PrivateRedis, startPrivateRedis } from '../support/redis-server.js';

const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
const guardDutyEvent = JSON.parse(fixture('alerts/guardduty/eventbridge-redacted-dns.json')) as Record<
  string,
  unknown
>;
const alarmEvents = JSON.parse(fixture('alerts/alarms/eventbridge-state-changes.json')) as unknown[];
const snsAlarm = JSON.parse(fixture('alerts/alarms/sns-single-metric.json')) as Record<string, unknown>;
const ALLOWED_TOPIC = String(snsAlarm.TopicArn);
/** Same region and name as the allowed topic, another AWS account: what a stranger can publish to. */
const STRANGER_TOPIC = ALLOWED_TOPIC.replace('210987654321', '999999999999');

/**
 * Dated now by the same real clock the bot runs on (the harness injects no other): SNS messages
 * more than an hour old are refused as replays.
 */
const fresh = (message: Record<string, unknown>) => ({ ...message, Timestamp: new Date().toISOString() });

async function post(h: Harness, path: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${h.bot.url}${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const withKey = { [API_KEY_HEADER]: CANARY.eventBridgeApiKey };

async function storedAlerts(h: Harness): Promise<number> {
  const counts = await h.bot.ctx.queues.alerts.getJobCounts('waiting', 'active', 'completed', 'delayed');
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

async function deadLetterCount(h: Harness): Promise<number> {
  return (await new DeadLetterStore(h.bot.ctx.redis, h.bot.ctx.config.redis.prefix).list()).total;
}

describe('webhook intake', () => {
  let h: Harness;
  let certs: LocalServer;
  const identity = createSigningIdentity();
  const confirmed: string[] = [];
  beforeAll(async () => {
    certs = await startLocalServer();
    certs.serve('/cert.pem', { body: identity.certificatePem });
    h = await startHarness({
      role: 'web',
      commands: [],
      env: {
        WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey,
        WATCHKEEPER_SNS_TOPIC_ARNS: ALLOWED_TOPIC,
      },
      routes: intakeRoutes({
        catalog: await loadDetectionCatalog(),
        snsVerify: {
          fetchCertificate: async (url) => (await fetch(url)).text(),
          checkCertUrl: (url) =>
            (url.startsWith(certs.origin)
              ? { ok: true, url: new URL(url) }
              : { ok: false, problem: 'not the test host' }) as never,
        },
        snsConfirm: async (url) => {
          confirmed.push(url);
        },
      }),
    });
  });
  afterAll(async () => {
    await h.stop();
    await certs.close();
  });

  it('answers 202 for a GuardDuty event only once its alert is in Redis, and stores a redelivery once', async () => {
    const before = await storedAlerts(h);
    const first = await post(h, '/intake/eventbridge', JSON.stringify(guardDutyEvent), withKey);
    expect(first).toMatchObject({ status: 202, body: { accepted: 1, rejected: [] } });
    expect(await storedAlerts(h)).toBe(before + 1);
    const again = await post(h, '/intake/eventbridge', JSON.stringify(guardDutyEvent), withKey);
    expect(again.status).toBe(202);
    expect(await storedAlerts(h)).toBe(before + 1);
  });

  it('takes an array of alarm state-change events', async () => {
    const res = await post(h, '/intake/eventbridge', JSON.stringify(alarmEvents), withKey);
    expect(res.status).toBe(202);
    expect(Number(res.body.accepted) + (res.body.ignored as unknown[]).length).toBe(alarmEvents.length);
  });

  it('refuses a missing or wrong API key', async () => {
    expect((await post(h, '/intake/eventbridge', JSON.stringify(guardDutyEvent))).status).toBe(401);
    expect(
      (
        await post(h, '/intake/eventbridge', JSON.stringify(guardDutyEvent), {
          [API_KEY_HEADER]: 'x'.repeat(40),
        })
      ).status,
    ).toBe(403);
  });

  it('answers garbage with 400 and a reason, storing nothing', async () => {
    const before = await storedAlerts(h);
    const notJson = await post(h, '/intake/eventbridge', '{"id": ', withKey);
    expect(notJson.status).toBe(400);
    expect(String(notJson.body.message)).toMatch(/JSON/i);
    const notAnEvent = await post(h, '/intake/eventbridge', JSON.stringify({ hello: 'world' }), withKey);
    expect(notAnEvent.status).toBe(400);
    expect(String(notAnEvent.body.message)).toMatch(/not an EventBridge event: id/);
    expect(await storedAlerts(h)).toBe(before);
  });

  it('dead-letters a well-formed event whose content fits no shape, with the failing field', async () => {
    const broken = {
      ...guardDutyEvent,
      id: 'evt-broken-1',
      detail: { ...(guardDutyEvent.detail as object), type: 42 },
    };
    const res = await post(h, '/intake/eventbridge', JSON.stringify(broken), withKey);
    expect(res.status).toBe(400);
    const rejected = (res.body.rejected as Array<{ reason: string; deadLetterId: string }>)[0];
    expect(rejected?.reason).toMatch(/type/);
    const letters = await new DeadLetterStore(h.bot.ctx.redis, h.bot.ctx.config.redis.prefix).list();
    expect(letters.letters.map((l) => l.id)).toContain(rejected?.deadLetterId);
  });

  it('answers 413 above the body limit', async () => {
    const res = await fetch(`${h.bot.url}/intake/eventbridge`, {
      method: 'POST',
      body: JSON.stringify({ pad: 'x'.repeat(300_000) }),
      headers: { 'content-type': 'application/json', ...withKey },
    });
    expect(res.status).toBe(413);
  });

  it('stores an SNS message once however often SNS redelivers it', async () => {
    const signed = signSnsMessage(fresh({ ...snsAlarm, MessageId: 'm-redelivered' }), identity, {
      version: '2',
      certUrl: `${certs.origin}/cert.pem`,
    });
    const before = await storedAlerts(h);
    for (let i = 0; i < 3; i++)
      expect(
        (await post(h, '/intake/sns', JSON.stringify(signed), { 'content-type': 'text/plain' })).status,
      ).toBe(202);
    expect(await storedAlerts(h)).toBe(before + 1);
  });

  it('accepts a signed SNS alarm notification (v1 and v2) and refuses a tampered one', async () => {
    for (const version of ['1', '2'] as const) {
      const signed = signSnsMessage(fresh({ ...snsAlarm, MessageId: `m-${version}` }), identity, {
        version,
        certUrl: `${certs.origin}/cert.pem`,
      });
      const res = await post(h, '/intake/sns', JSON.stringify(signed), {
        'content-type': 'text/plain; charset=UTF-8',
      });
      expect(res.status).toBe(202);
    }
    const signed = signSnsMessage(fresh(snsAlarm), identity, {
      version: '2',
      certUrl: `${certs.origin}/cert.pem`,
    });
    const tampered = { ...signed, Message: String(signed.Message).replace('ALARM', 'OK') };
    const res = await post(h, '/intake/sns', JSON.stringify(tampered), { 'content-type': 'text/plain' });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('signature-mismatch');
  });

  it('confirms subscriptions only for allow-listed topics', async () => {
    const confirmation = JSON.parse(fixture('sns/subscription-confirmation.json')) as Record<string, unknown>;
    const region = String(confirmation.TopicArn).split(':')[3];
    const subscribeUrl = `https://sns.${region}.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${ALLOWED_TOPIC}&Token=abc`;
    const allowed = signSnsMessage(
      fresh({
        ...confirmation,
        TopicArn: ALLOWED_TOPIC,
        SubscribeURL: subscribeUrl.replace(region ?? '', 'eu-west-1'),
      }),
      identity,
      { version: '2', certUrl: `${certs.origin}/cert.pem` },
    );
    expect((await post(h, '/intake/sns', JSON.stringify(allowed))).status).toBe(200);
    expect(confirmed).toHaveLength(1);
    const other = signSnsMessage(
      fresh({ ...confirmation, TopicArn: 'arn:aws:sns:eu-west-1:999999999999:someone-else' }),
      identity,
      { version: '2', certUrl: `${certs.origin}/cert.pem` },
    );
    expect((await post(h, '/intake/sns', JSON.stringify(other))).status).toBe(403);
    expect(confirmed).toHaveLength(1);
  });
});

describe('SNS intake refuses signed messages that are not ours or not recent', () => {
  let h: Harness;
  let certs: LocalServer;
  const identity = createSigningIdentity();
  beforeAll(async () => {
    certs = await startLocalServer();
    certs.serve('/cert.pem', { body: identity.certificatePem });
    h = await startHarness({
      role: 'web',
      commands: [],
      env: { WATCHKEEPER_SNS_TOPIC_ARNS: ALLOWED_TOPIC },
      routes: intakeRoutes({
        catalog: await loadDetectionCatalog(),
        // The one thing replaced: the certificate comes from the test host, not from AWS.
        snsVerify: {
          fetchCertificate: async (url) => (await fetch(url)).text(),
          checkCertUrl: (url) =>
            (url === `${certs.origin}/cert.pem`
              ? { ok: true, url: new URL(url) }
              : { ok: false, problem: 'not the test host' }) as never,
        },
      }),
    });
  });
  afterAll(async () => {
    await h.stop();
    await certs.close();
  });

  /** A GuardDuty finding delivered as EventBridge -> SNS, signed like every SNS delivery. */
  function guardDutyThroughSns(topicArn: string, extra: Record<string, unknown> = {}) {
    return signSnsMessage(
      {
        ...fresh({
          Type: 'Notification',
          MessageId: `gd-${topicArn.split(':')[4]}`,
          TopicArn: topicArn,
          Message: JSON.stringify(guardDutyEvent),
        }),
        ...extra,
      },
      identity,
      { version: '2', certUrl: `${certs.origin}/cert.pem` },
    );
  }

  it('refuses a validly signed GuardDuty notification from a stranger’s topic and stores nothing', async () => {
    const before = { alerts: await storedAlerts(h), letters: await deadLetterCount(h) };
    const forged = await post(h, '/intake/sns', JSON.stringify(guardDutyThroughSns(STRANGER_TOPIC)), {
      'content-type': 'text/plain; charset=UTF-8',
    });
    expect(forged.status).toBe(403);
    expect(forged.body.error).toBe('topic-not-allowed');
    expect(await storedAlerts(h)).toBe(before.alerts);
    expect(await deadLetterCount(h)).toBe(before.letters);
    expect(h.logs()).toMatch(/refused a signed SNS message/);
  });

  it('accepts the same notification from the allowed topic', async () => {
    const before = await storedAlerts(h);
    const genuine = await post(h, '/intake/sns', JSON.stringify(guardDutyThroughSns(ALLOWED_TOPIC)), {
      'content-type': 'text/plain; charset=UTF-8',
    });
    expect(genuine).toMatchObject({ status: 202, body: { accepted: 1 } });
    expect(await storedAlerts(h)).toBe(before + 1);
  });

  it('refuses a validly signed notification from the allowed topic dated 2019', async () => {
    const before = await storedAlerts(h);
    const replayed = guardDutyThroughSns(ALLOWED_TOPIC, {
      MessageId: 'gd-2019',
      Timestamp: '2019-06-01T12:00:00.000Z',
    });
    const res = await post(h, '/intake/sns', JSON.stringify(replayed), { 'content-type': 'text/plain' });
    expect(res).toMatchObject({ status: 403, body: { error: 'stale-message' } });
    expect(await storedAlerts(h)).toBe(before);
  });
});

describe('SNS intake with no allowed topics', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      role: 'web',
      commands: [],
      routes: intakeRoutes({ catalog: await loadDetectionCatalog() }),
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('answers every message 403 with the setting to change, and warned about it at start', async () => {
    const res = await post(h, '/intake/sns', JSON.stringify(fresh(snsAlarm)), {
      'content-type': 'text/plain',
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('no-topics-allowed');
    expect(String(res.body.message)).toMatch(/set WATCHKEEPER_SNS_TOPIC_ARNS/);
    expect(await storedAlerts(h)).toBe(0);
    expect(h.logs()).toMatch(/\/intake\/sns refuses every message/);
  });
});

describe('webhook intake while Redis is down', () => {
  let redis: PrivateRedis;
  let h: Harness;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    h = await startHarness({
      role: 'web',
      commands: [],
      env: { REDIS_URL: redis.url, WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey },
      routes: intakeRoutes({ catalog: await loadDetectionCatalog() }),
    });
  });
  afterAll(async () => {
    await h.stop();
    await redis.stop();
  });

  it('answers 503 so AWS retries, and claims nothing; recovers when Redis returns', async () => {
    redis.kill();
    await new Promise((r) => setTimeout(r, 200));
    const down = await post(h, '/intake/eventbridge', JSON.stringify(guardDutyEvent), withKey);
    expect(down.status).toBe(503);
    expect(String(down.body.message)).toMatch(/nothing was stored/);
    await redis.restart();
    let status = 0;
    for (let i = 0; i < 100 && status !== 202; i++) {
      status = (await post(h, '/intake/eventbridge', JSON.stringify(guardDutyEvent), withKey)).status;
      if (status !== 202) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(202);
    expect(await storedAlerts(h)).toBe(1);
  });
});
