import type { KnownBlock } from '@slack/types';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alert.js';
import { alertFromGuardDutyFinding } from '../../src/alerts/guardduty/normalize.js';
import { normalizeInput } from '../../src/alerts/normalize.js';
import { openIncident } from '../../src/incidents/apply-alert-rules.js';
import { buildIncidentCard } from '../../src/incidents/card/card.js';
import { formatIncident, formatIncidentList } from '../../src/incidents/listing.js';
import { createSlackStandIn, type SlackStandIn } from '../../src/sandbox/slack-api/index.js';
import { respondTo } from '../../src/slack/respond.js';
import { createSlackClient } from '../../src/slack/web-client.js';
import { CATALOG, context, fixture, NOW, options } from '../alerts/helpers.js';
import { CANARY } from '../support/config.js';
import { captureLogs } from '../support/log-capture.js';

/**
 * Canary secrets of every shape, planted inside arbitrary text in every alert field that reaches
 * a card (user agent, title, description, resource id), must not appear in anything that leaves
 * the process: the card as Slack receives it, the `/incidents` answers and the log lines.
 */

const CHANNEL = 'C0SECOPS01';

const chars = (alphabet: string, minLength: number, maxLength = minLength) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const SLACK_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-';

interface Planted {
  /** The secret itself: what must never be seen. */
  readonly canary: string;
  /** How it appears in the field (with its usual name, if it has one). */
  readonly text: string;
}

const accessKeyId = fc
  .tuple(fc.constantFrom('AKIA', 'ASIA'), chars(UPPER, 16))
  .map(([kind, rest]) => ({ canary: kind + rest, text: kind + rest }));
const secretAccessKey = fc
  .tuple(
    chars(BASE64, 40),
    fc.constantFrom(
      (s: string) => `aws_secret_access_key=${s}`,
      (s: string) => `AWS_SECRET_ACCESS_KEY=${s}`,
      (s: string) => `"SecretAccessKey": "${s}"`,
      (s: string) => `secretAccessKey: ${s}`,
    ),
  )
  .map(([s, named]) => ({ canary: s, text: named(s) }));
const sessionToken = fc
  .tuple(
    chars(BASE64, 24, 120).map((t) => `IQoJb3JpZ2lu${t}`),
    fc.constantFrom(
      (t: string) => `AWS_SESSION_TOKEN=${t}`,
      (t: string) => `aws_session_token=${t}`,
      (t: string) => `X-Amz-Security-Token=${t}`,
      (t: string) => `x-amz-security-token: ${t}`,
    ),
  )
  .map(([t, named]) => ({ canary: t, text: named(t) }));
const signature = chars('0123456789abcdef', 64).map((s) => ({ canary: s, text: `X-Amz-Signature=${s}` }));
const slackToken = fc
  .tuple(fc.constantFrom('xoxb-', 'xoxp-', 'xapp-1-', 'xoxe-1-', 'xoxe.xoxp-1-'), chars(SLACK_CHARS, 20, 40))
  .map(([kind, rest]) => ({ canary: kind + rest, text: kind + rest }));

const planted: fc.Arbitrary<Planted> = fc.oneof(
  accessKeyId,
  secretAccessKey,
  sessionToken,
  signature,
  slackToken,
);
const around = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 12 }));
/** A field: arbitrary text with one planted secret inside. */
const field = fc.tuple(around, planted, around).map(([before, p, after]) => ({
  canary: p.canary,
  text: `${before} ${p.text} ${after}`,
}));

interface Fields {
  readonly userAgent: Planted;
  readonly title: Planted;
  readonly description: Planted;
  readonly resourceId: Planted;
}
const fieldsArb: fc.Arbitrary<Fields> = fc.record({
  userAgent: field,
  title: field,
  description: field,
  resourceId: field,
});

function record(value: unknown): Record<string, unknown> {
  return value as Record<string, unknown>;
}

function guardDutyAlert(f: Fields): Alert {
  const finding = record(fixture('guardduty/accesskey-malicious-ip.json'));
  const resource = record(finding.resource);
  const service = record(finding.service);
  const action = record(service.action);
  finding.title = f.title.text;
  finding.description = f.description.text;
  // An access-key finding's resource id is the key's user name.
  resource.accessKeyDetails = { ...record(resource.accessKeyDetails), userName: f.resourceId.text };
  action.awsApiCallAction = { ...record(action.awsApiCallAction), userAgent: f.userAgent.text };
  return alertFromGuardDutyFinding(finding, context());
}

function cloudTrailAlert(f: Fields): Alert {
  const event = record(fixture('cloudtrail/eventbridge-stop-logging.json'));
  const detail = record(event.detail);
  detail.userAgent = f.userAgent.text;
  detail.requestParameters = { name: f.resourceId.text };
  const result = normalizeInput(event, options({ detections: CATALOG }));
  if (result.status !== 'normalized' || !result.alerts[0])
    throw new Error('the CloudTrail event was not normalized');
  // A detection names its own title and description: plant there on the alert as it reaches the card.
  return { ...result.alerts[0], title: f.title.text, description: f.description.text };
}

let slack: SlackStandIn;
beforeAll(async () => {
  slack = createSlackStandIn({ botToken: CANARY.botToken, channels: [{ id: CHANNEL, name: 'sec-ops' }] });
  await slack.start();
});
afterAll(async () => {
  await slack.stop();
});

describe('secrets planted in alert fields never leave the process', () => {
  it.each([
    ['GuardDuty', guardDutyAlert],
    ['CloudTrail', cloudTrailAlert],
  ] as const)('on %s cards, /incidents answers and log lines', async (_source, toAlert) => {
    const { logger, text: logText } = captureLogs();
    const client = createSlackClient({ token: CANARY.botToken, apiUrl: slack.apiUrl, logger, retries: 0 });

    await fc.assert(
      fc.asyncProperty(fieldsArb, async (f) => {
        const alert = toAlert(f);
        const canaries = Object.values(f).map((p) => p.canary);
        // The planting worked: each canary is in the alert that reaches the card.
        const seen = JSON.stringify({ ...alert, raw: undefined });
        for (const canary of canaries) expect(seen).toContain(canary);

        const { incident } = openIncident('INC-CANARY', alert, NOW, { runbookId: 'none' });
        const card = buildIncidentCard(incident, undefined);
        const posted = await client.chat.postMessage({
          channel: CHANNEL,
          text: card.text,
          blocks: card.blocks as unknown as KnownBlock[],
        });
        const stored = slack.store.findMessage(CHANNEL, String(posted.ts));
        expect(stored).toBeDefined();

        const answers: string[] = [];
        const capture = (async (_url: string | URL | Request, init?: RequestInit) => {
          answers.push(String(init?.body));
          return new Response('ok');
        }) as typeof fetch;
        const url = 'https://hooks.slack.com/commands/T0/1/abc';
        await respondTo(url, { text: formatIncidentList([incident], NOW, new Map()) }, capture);
        await respondTo(url, { text: formatIncident(incident, NOW, undefined) }, capture);

        const before = logText().length;
        logger.info({ alert, incident }, `incident opened: ${incident.title}`);
        logger.warn(
          { err: new Error(incident.description), userAgent: alert.actor?.userAgent },
          'card failed',
        );

        const outputs = [JSON.stringify(stored), ...answers, logText().slice(before)];
        for (const output of outputs) for (const canary of canaries) expect(output).not.toContain(canary);
      }),
      { numRuns: 60 },
    );
  });
});
