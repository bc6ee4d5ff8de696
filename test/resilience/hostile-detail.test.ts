import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDetectionCatalog } from '../../src/alerts/detections/catalog-loader.js';
import { DeadLetterStore } from '../../src/alerts/intake/dead-letters.js';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import { composer } from '../../src/main/compose.js';
import { intakeRoutes } from '../../workflows/intake.js';
import {
  createSigningIdentity,
  type LocalServer,
  signSnsMessage,
  startLocalServer,
} from '../alerts/intake/sns/sns-test-kit.js';
import { CANARY } from '../support/config.js';
import { type Harness, startHarness } from '../support/harness.js';

/**
 * Hostile data past the first gate: every body is a well-formed EventBridge "GuardDuty Finding"
 * envelope with the right API key, so it reaches the normalizer, the dead-letter store, addBulk,
 * the incident workers and the card renderer; the hostility is inside `detail` (lone surrogates,
 * huge strings, deep nesting, prototype keys, numbers out of range). With workers running:
 * never a 5xx, every accepted input either processed or dead-lettered, no job failed unrecorded,
 * and the bot still ready afterwards. The same events also arrive as validly signed SNS
 * notifications of the allowed topic (a test certificate), whose Message carries the hostility.
 */
const TOPIC = 'arn:aws:sns:eu-west-1:000011112222:watchkeeper-alarms';
const BODIES = 250;

const template = JSON.parse(
  readFileSync(
    new URL('../fixtures/alerts/guardduty/eventbridge-redacted-dns.json', import.meta.url),
    'utf8',
  ),
) as Record<string, unknown> & { detail: Record<string, unknown> & { service: Record<string, unknown> } };

const loneSurrogate = fc.constantFrom('\uD800', '\uDC00', 'ok\uDBFFend', '\uDFFF\uD800');
const nested = fc.integer({ min: 65, max: 800 }).map((depth) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { deeper: value };
  return value;
});
const hostileValue = fc.oneof(
  loneSurrogate,
  fc.string({ maxLength: 40 }),
  fc.integer({ min: 1_000, max: 200_000 }).map((n) => 'x'.repeat(n)),
  nested,
  fc.constantFrom(1e308, -1, 0, 2 ** 53 + 7, Number.MAX_SAFE_INTEGER),
  fc.constant(null),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": "x"}') as unknown),
  fc.jsonValue({ maxDepth: 3 }),
);
const field = fc.constantFrom(
  'id',
  'title',
  'description',
  'type',
  'severity',
  'updatedAt',
  'resource',
  'accountId',
  'region',
  'service.count',
  'service.additionalInfo',
  'service.action',
  'resource.instanceDetails',
);

const hostileEvent = fc
  .record({ n: fc.nat(), changes: fc.array(fc.tuple(field, hostileValue), { minLength: 1, maxLength: 3 }) })
  .map(({ n, changes }) => {
    const detail = structuredClone(template.detail);
    // A distinct finding each time, so inputs are not deduplicated away before the hostile part.
    detail.id = `hostile${String(n).padStart(25, '0')}`;
    for (const [path, value] of changes) {
      const [head, tail] = path.split('.') as [string, string | undefined];
      if (!tail) detail[head] = value;
      else {
        const parent = (detail[head] ?? {}) as Record<string, unknown>;
        detail[head] = { ...parent, [tail]: value };
      }
    }
    return { ...template, id: `evt-hostile-${n}`, detail };
  });

describe('hostile finding data inside valid envelopes, with workers running', () => {
  let h: Harness;
  let certs: LocalServer;
  const identity = createSigningIdentity();
  beforeAll(async () => {
    certs = await startLocalServer();
    certs.serve('/cert.pem', { body: identity.certificatePem });
    const catalog = await loadDetectionCatalog();
    h = await startHarness({
      env: { WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey, WATCHKEEPER_SNS_TOPIC_ARNS: TOPIC },
      // The production composition, with the SNS route trusting the test certificate's host.
      compose: async (config) => {
        const bind = await composer({ cardUpdateIntervalMs: 200 })(config);
        return (ctx) => ({
          ...bind(ctx),
          routes: intakeRoutes({
            catalog,
            snsVerify: {
              fetchCertificate: async (url) => (await fetch(url)).text(),
              checkCertUrl: (url) =>
                (url.startsWith(certs.origin)
                  ? { ok: true, url: new URL(url) }
                  : { ok: false, problem: 'not the test host' }) as never,
            },
          }),
        });
      },
    });
  });
  afterAll(async () => {
    await h.stop();
    await certs.close();
  });

  it('answers each with 202 or 4xx, processes or dead-letters every accepted input, and stays ready', {
    timeout: 180_000,
  }, async () => {
    const events = fc.sample(hostileEvent, { numRuns: BODIES, seed: 20261204 });
    const statuses = { eventbridge: new Map<number, number>(), sns: new Map<number, number>() };
    const accepted = { eventbridge: 0, sns: 0 };
    const count = async (route: 'eventbridge' | 'sns', res: Response) => {
      const body = (await res.json()) as { accepted?: number };
      statuses[route].set(res.status, (statuses[route].get(res.status) ?? 0) + 1);
      if (res.status === 202) accepted[route] += body.accepted ?? 0;
    };
    for (const [i, event] of events.entries()) {
      await count(
        'eventbridge',
        await fetch(`${h.bot.url}/intake/eventbridge`, {
          method: 'POST',
          body: JSON.stringify(event),
          headers: { 'content-type': 'application/json', [API_KEY_HEADER]: CANARY.eventBridgeApiKey },
        }),
      );
      // The same finding through SNS, as another occurrence (a distinct finding id and message).
      const viaSns = {
        ...event,
        id: `${event.id}-sns`,
        detail: { ...event.detail, id: `${event.detail.id}s` },
      };
      const notification = signSnsMessage(
        {
          Type: 'Notification',
          MessageId: `hostile-${i}`,
          TopicArn: TOPIC,
          Message: JSON.stringify(viaSns),
          Timestamp: new Date().toISOString(),
        },
        identity,
        { version: '2', certUrl: `${certs.origin}/cert.pem` },
      );
      await count(
        'sns',
        await fetch(`${h.bot.url}/intake/sns`, {
          method: 'POST',
          body: JSON.stringify(notification),
          headers: { 'content-type': 'text/plain; charset=UTF-8' },
        }),
      );
    }
    for (const route of ['eventbridge', 'sns'] as const) {
      expect(
        [...statuses[route].keys()].filter((s) => s >= 500),
        route,
      ).toEqual([]);
      // The generator must get past the gate (key, envelope, signature, topic), or this test
      // proves nothing about the code behind it.
      expect(statuses[route].get(202) ?? 0, route).toBeGreaterThan(BODIES / 4);
      expect(accepted[route], route).toBeGreaterThan(BODIES / 4);
    }

    const alerts = h.bot.ctx.queues.alerts;
    for (let k = 0; k < 1_200; k++) {
      const pending = await alerts.getJobCounts('waiting', 'active', 'delayed');
      if (Object.values(pending).every((n) => n === 0)) break;
      await sleep(100);
    }
    const counts = await alerts.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed');
    expect([counts.waiting, counts.active, counts.delayed]).toEqual([0, 0, 0]);
    expect(counts.completed).toBeGreaterThan(0);
    // A job that failed for good is in the dead-letter list with its data, never only in `failed`.
    const letters = await new DeadLetterStore(h.bot.ctx.redis, h.bot.ctx.config.redis.prefix).list(1_000);
    const failedJobs = letters.letters.filter((l) => l.failedJob !== undefined).length;
    expect(failedJobs).toBe(counts.failed);
    expect((await fetch(`${h.bot.url}/readyz`)).status).toBe(200);
    expect(h.logs()).not.toMatch(/"level":(50|60).*uncaught/i);
  });
});
