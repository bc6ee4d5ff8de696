import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCEPTED_DETAIL_TYPES } from '../../src/alerts/detect-shape.js';
import { loadDetectionCatalog } from '../../src/alerts/detections/catalog-loader.js';
import { detectionPort } from '../../src/alerts/detections/normalizer-port.js';
import type { IntakeJob } from '../../src/alerts/intake/intake-job.js';
import { normalize } from '../../src/alerts/normalize.js';
import type { NormalizeOptions } from '../../src/alerts/options.js';
import type { NormalizeResult } from '../../src/alerts/result.js';
import { parameterValues, readCfnTemplate, resolveConditions } from '../support/cfn-template.js';
import { deliveredToRule, matchesEventPattern, type RuleState } from '../support/event-pattern.js';

/**
 * Every detail-type (and source) that deploy/aws/intake-wiring.yaml's EventBridge rules route to
 * Watchkeeper is one the intake takes: for each rule, the real-format events in test/fixtures
 * that the rule lets through are normalized as the intake normalizes them (an `eventbridge-event`
 * job from the API destination, or the same event as the Message of an SNS Notification when
 * Delivery is sns) into alerts or a deliberate, named no-op (`ignored`), never "unrecognized" or
 * any other rejection. A rule that routed a detail-type the intake does not know would fill the
 * dead-letter list with every event it sent.
 */

const template = readCfnTemplate(new URL('../../deploy/aws/intake-wiring.yaml', import.meta.url));
const REQUIRED = {
  WatchkeeperUrl: 'https://watchkeeper.example.com',
  IntakeApiKeySecretArn: 'arn:aws:secretsmanager:ap-southeast-2:356789012345:secret:wk-intake-Zx9Yw8',
  WatchkeeperPrincipalArn: 'arn:aws:iam::356789012345:role/watchkeeper-task',
};
/** Every optional source on, so every rule the template can create is here. */
const ALL_SOURCES = { EnableSecurityHubOcsf: 'true', EnableGuardDutyMalwareProtection: 'true' };

interface Rule {
  readonly name: string;
  readonly state: RuleState;
  readonly pattern: Record<string, unknown>;
  readonly detailTypes: readonly string[];
  /** Undefined: the rule matches any source (CloudTrail API calls come from every service). */
  readonly sources: readonly string[] | undefined;
}

function stringsAt(pattern: Record<string, unknown>, key: string): string[] | undefined {
  const value = pattern[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new Error(`${key} in a rule pattern is not a list of exact strings: ${JSON.stringify(value)}`);
  return value;
}

function routingRules(): Rule[] {
  const resolved = resolveConditions(template, parameterValues(template, { ...REQUIRED, ...ALL_SOURCES }));
  return Object.entries(resolved.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Events::Rule')
    .map(([name, resource]) => {
      const pattern = resource.Properties?.EventPattern as Record<string, unknown>;
      return {
        name,
        state: resource.Properties?.State as RuleState,
        pattern,
        detailTypes: stringsAt(pattern, 'detail-type') ?? [],
        sources: stringsAt(pattern, 'source'),
      };
    });
}

interface EventFixture {
  readonly file: string;
  readonly event: Record<string, unknown>;
}

const FIXTURES = new URL('../fixtures/', import.meta.url);

/** Every EventBridge event under test/fixtures (a file holding one event or an array of them). */
function eventFixtures(): EventFixture[] {
  const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.json'),
  );
  return files.sort().flatMap((file) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8'));
    } catch {
      return [];
    }
    const items = Array.isArray(parsed) ? parsed : [parsed];
    return items.flatMap((item, i) =>
      typeof item === 'object' && item !== null && 'detail-type' in item && 'detail' in item
        ? [{ file: items.length > 1 ? `${file}[${i}]` : file, event: item as Record<string, unknown> }]
        : [],
    );
  });
}

const rules = routingRules();
const fixtures = eventFixtures();
const RECEIVED = '2026-11-03T15:00:00.000Z';

let options: NormalizeOptions;
beforeAll(async () => {
  options = { now: () => new Date(RECEIVED), detections: detectionPort(await loadDetectionCatalog()) };
});

function routedBy(rule: Rule): EventFixture[] {
  return fixtures.filter(
    ({ event }) => deliveredToRule(event, rule.state) && matchesEventPattern(rule.pattern, event),
  );
}

/** What the EventBridge webhook hands acceptInputs for one event. */
function viaApiDestination(event: unknown): NormalizeResult {
  const job: IntakeJob = {
    kind: 'eventbridge-event',
    receivedAt: RECEIVED,
    origin: 'eventbridge',
    payload: event,
  };
  return normalize(job, options);
}

/** What the SNS webhook hands acceptInputs when the rule's target is the topic. */
function viaSnsTopic(event: unknown): NormalizeResult {
  const job: IntakeJob = {
    kind: 'sns-notification',
    receivedAt: RECEIVED,
    origin: 'sns',
    payload: {
      Type: 'Notification',
      MessageId: '3f0c2b1a-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
      TopicArn: 'arn:aws:sns:ap-southeast-2:356789012345:watchkeeper-alerts',
      Message: JSON.stringify(event),
      Timestamp: RECEIVED,
    },
  };
  return normalize(job, options);
}

function verdict(result: NormalizeResult): string {
  switch (result.status) {
    case 'normalized':
      return `alerts:${result.alerts.length}`;
    case 'ignored':
      return `ignored: ${result.reason}`;
    case 'rejected':
      return `REJECTED: ${result.error.message} ${JSON.stringify(result.error.problems)}`;
  }
}

describe('deploy/aws/intake-wiring.yaml routes only what the intake takes', () => {
  it('has rules, each naming its detail-types (and sources) as exact strings', () => {
    expect(rules.length).toBeGreaterThanOrEqual(10);
    for (const rule of rules) expect(rule.detailTypes.length, rule.name).toBeGreaterThan(0);
  });

  it('routes only detail-types the intake recognises', () => {
    const routed = [...new Set(rules.flatMap((r) => r.detailTypes))].sort();
    expect(routed.filter((t) => !ACCEPTED_DETAIL_TYPES.includes(t))).toEqual([]);
  });

  describe.each(rules.map((r) => [r.name, r] as const))('%s', (_name, rule) => {
    it('lets through a fixture of every detail-type and named source it routes', () => {
      const through = routedBy(rule);
      for (const detailType of rule.detailTypes) {
        const ofType = through.filter(({ event }) => event['detail-type'] === detailType);
        expect(ofType.length, `no fixture of "${detailType}" passes ${rule.name}`).toBeGreaterThan(0);
        for (const source of rule.sources ?? [])
          expect(
            ofType.some(({ event }) => event.source === source),
            `no fixture of "${detailType}" from ${source}`,
          ).toBe(true);
      }
    });

    it('has every event it lets through normalized to alerts or a named no-op, by either delivery', () => {
      const through = routedBy(rule);
      const verdicts = through.flatMap(({ file, event }) => [
        `${file} (api destination): ${verdict(viaApiDestination(event))}`,
        `${file} (sns): ${verdict(viaSnsTopic(event))}`,
      ]);
      expect(verdicts.filter((v) => v.includes('REJECTED'))).toEqual([]);
      // The rule exists to raise alerts: at least one of its events does.
      expect(
        verdicts.some((v) => /: alerts:[1-9]/.test(v)),
        verdicts.join('\n'),
      ).toBe(true);
    });
  });

  it('rejects, by name, a detail-type no rule routes (the check above can fail)', () => {
    const ec2 = fixtures.find(
      ({ event }) => event['detail-type'] === 'EC2 Instance State-change Notification',
    );
    expect(ec2).toBeDefined();
    expect(rules.some((rule) => routedBy(rule).includes(ec2 as EventFixture))).toBe(false);
    expect(verdict(viaApiDestination(ec2?.event))).toMatch(/^REJECTED: .*is not an alert source/);
  });
});
