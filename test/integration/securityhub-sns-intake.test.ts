import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDetectionCatalog } from '../../src/alerts/detections/catalog-loader.js';
import { intakeRoutes } from '../../workflows/intake.js';
import {
  createSigningIdentity,
  type LocalServer,
  signSnsMessage,
  startLocalServer,
} from '../alerts/intake/sns/sns-test-kit.js';
import { type Harness, startHarness } from '../support/harness.js';

/**
 * Security Hub events (an EventBridge rule targeting an SNS topic) and Config's own compliance
 * notifications, through the real signature-checked SNS webhook.
 */

type Json = Record<string, unknown>;
const fixture = (path: string): Json =>
  JSON.parse(readFileSync(new URL(`../fixtures/alerts/${path}`, import.meta.url), 'utf8')) as Json;
const securityHub = fixture('securityhub/sns-access-analyzer.json');
const config = fixture('config/sns-compliance-notification.json');
const alarmTemplate = fixture('alarms/sns-single-metric.json');
const noArnMessage = fixture('alarms/alarm-message-no-arn.json');
/** An alarm notification whose message has no AlarmArn (the ARN is built from name, region, account). */
const alarmWithoutArn = { ...alarmTemplate, MessageId: 'm-no-arn', Message: JSON.stringify(noArnMessage) };

/** SNS refuses messages older than an hour as replays: date them now, on the bot's real clock. */
const fresh = (message: Json) => ({ ...message, Timestamp: new Date().toISOString() });

describe('Security Hub and Config through the SNS webhook', () => {
  let h: Harness;
  let certs: LocalServer;
  const identity = createSigningIdentity();
  beforeAll(async () => {
    certs = await startLocalServer();
    certs.serve('/cert.pem', { body: identity.certificatePem });
    h = await startHarness({
      role: 'web',
      commands: [],
      env: {
        WATCHKEEPER_SNS_TOPIC_ARNS: [securityHub, config, alarmTemplate]
          .map((m) => String(m.TopicArn))
          .join(','),
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
        snsConfirm: async () => undefined,
      }),
    });
  });
  afterAll(async () => {
    await h.stop();
    await certs.close();
  });

  it.each([
    ['a Security Hub finding event', securityHub],
    ['a Config compliance notification', config],
    ['an alarm message without AlarmArn', alarmWithoutArn],
  ])('stores the alert of %s', async (_, message) => {
    const signed = signSnsMessage(fresh(message), identity, {
      version: '2',
      certUrl: `${certs.origin}/cert.pem`,
    });
    const res = await fetch(`${h.bot.url}/intake/sns`, {
      method: 'POST',
      body: JSON.stringify(signed),
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ accepted: 1, rejected: [] });
  });
});
