import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import { composer } from '../../src/main/compose.js';
import { auditStreamKey } from '../../src/platform/audit/audit.js';
import { CANARY } from '../support/config.js';
import { type Harness, startHarness, TEST_CHANNEL } from '../support/harness.js';

/**
 * The production composition, fed a GuardDuty finding whose user agent, title and access key
 * carry canary secrets: neither the card Slack receives, nor the audit stream, nor the log may
 * show one of them.
 */

const KEY_ID = 'AKIAZ7CANARY0KEY4Q2W';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARY0SEC';
const SESSION = 'IQoJb3JpZ2luX2VjEKL//////////wEaCanary0SessionToken0Integration';
const SIGNATURE = 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024';
const SLACK_TOKEN = 'xoxp-1234567890-0987654321-CanaryIntegrationTok';
const CANARIES = [KEY_ID, SECRET, SESSION, SIGNATURE, SLACK_TOKEN];

const USER_AGENT =
  `aws-cli/2.15.0 md/command#s3.cp aws_secret_access_key=${SECRET} AWS_SESSION_TOKEN=${SESSION} ` +
  `X-Amz-Signature=${SIGNATURE} slack=${SLACK_TOKEN}`;

const template = JSON.parse(
  readFileSync(
    new URL('../fixtures/alerts/guardduty/eventbridge-redacted-dns.json', import.meta.url),
    'utf8',
  ),
) as {
  detail: Record<string, unknown> & {
    service: Record<string, unknown> & { action: Record<string, unknown> };
  };
};

function plantedEvent(): unknown {
  const at = '2026-11-28T10:00:00.000Z';
  return {
    ...template,
    id: 'evt-secret-canaries-1',
    detail: {
      ...template.detail,
      id: 'canaryfinding0000000000000000001',
      updatedAt: at,
      title: `Bitcoin domain queried with key ${KEY_ID}`,
      resource: {
        ...(template.detail.resource as Record<string, unknown>),
        accessKeyDetails: { accessKeyId: KEY_ID, userName: 'ci-deployer' },
      },
      service: {
        ...template.detail.service,
        eventLastSeen: at,
        // An API-call finding, so the card's key facts show the caller's user agent (masked).
        action: {
          actionType: 'AWS_API_CALL',
          awsApiCallAction: { api: 'GetCallerIdentity', userAgent: USER_AGENT },
        },
      },
    },
  };
}

async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function expectNoCanary(text: string): void {
  for (const canary of CANARIES) expect(text).not.toContain(canary);
}

describe('secrets in a GuardDuty finding, through the real bot', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      commands: [],
      env: { WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey },
      compose: composer({ cardUpdateIntervalMs: 300 }),
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('reach neither the posted card, nor the audit stream, nor the log', async () => {
    const res = await fetch(`${h.bot.url}/intake/eventbridge`, {
      method: 'POST',
      body: JSON.stringify(plantedEvent()),
      headers: { 'content-type': 'application/json', [API_KEY_HEADER]: CANARY.eventBridgeApiKey },
    });
    expect(res.status).toBe(202);

    const card = await eventually(
      () =>
        h.slack.store
          .messagesIn(TEST_CHANNEL)
          .find((m) => !m.threadTs && JSON.stringify(m.blocks ?? []).includes('User agent')),
      'the card with its actor',
    );
    const auditKey = auditStreamKey(h.bot.ctx.config.redis.prefix);
    const audit = await eventually(async () => {
      const entries = await h.bot.ctx.redis.xrange(auditKey, '-', '+');
      return entries.length > 0 ? JSON.stringify(entries) : undefined;
    }, 'the audit entry');

    // The card still says what happened, with the key id a responder can match.
    const cardText = JSON.stringify(card);
    expect(cardText).toContain('AKIA…4Q2W');
    expect(cardText).toContain('aws_secret_access_key=****');
    expect(audit).toContain('AKIA…4Q2W');

    expectNoCanary(JSON.stringify(h.slack.store.messagesIn(TEST_CHANNEL)));
    expectNoCanary(audit);
    expectNoCanary(h.logs());
  });
});
