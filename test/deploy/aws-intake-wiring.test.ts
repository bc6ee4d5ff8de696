import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Catalog, matchDetections } from '../../src/alerts/detections/catalog.js';
import { loadDetectionCatalog } from '../../src/alerts/detections/catalog-loader.js';
import type { Expression } from '../../src/alerts/detections/filter-pattern/ast.js';
import { API_KEY_HEADER, EVENTBRIDGE_PATH } from '../../src/alerts/intake/http/eventbridge.js';
import { SNS_PATH } from '../../src/alerts/intake/http/sns.js';
import {
  type CfnResource,
  type CfnTemplate,
  parameterValues,
  readCfnTemplate,
  referencedNames,
  resolveConditions,
} from '../support/cfn-template.js';
import { expectContainmentPerAction } from '../support/containment-statements.js';
import { deliveredToRule, matchesEventPattern, type RuleState } from '../support/event-pattern.js';
import { type PolicyStatement, readPolicyFile, statementDifferences } from '../support/policy-statements.js';

/**
 * deploy/aws/intake-wiring.yaml: the EventBridge rules, their delivery (API destination or SNS)
 * and the read-only role. Its rules are run against real-format events
 * (test/fixtures/eventbridge-patterns/) by test/support/event-pattern.ts, including which rule
 * state EventBridge hands read-only management events to.
 */

const template = readCfnTemplate(new URL('../../deploy/aws/intake-wiring.yaml', import.meta.url));
const policyFile = readPolicyFile(new URL('../../deploy/iam-policy.json', import.meta.url));
const FIXTURES = new URL('../fixtures/eventbridge-patterns/', import.meta.url);

const REQUIRED = {
  WatchkeeperUrl: 'https://watchkeeper.example.com',
  IntakeApiKeySecretArn: 'arn:aws:secretsmanager:eu-central-1:470112358132:secret:watchkeeper-intake-Ab12Cd',
  WatchkeeperPrincipalArn: 'arn:aws:iam::470112358132:role/watchkeeper-task',
};
const ALL_SOURCES = { EnableSecurityHubOcsf: 'true' };

function deployed(given: Record<string, string> = {}): CfnTemplate {
  return resolveConditions(template, parameterValues(template, { ...REQUIRED, ...given }));
}

interface Rule {
  name: string;
  state: RuleState;
  pattern: Record<string, unknown>;
  targets: Array<Record<string, unknown>>;
}

function rulesOf(resolved: CfnTemplate): Rule[] {
  return Object.entries(resolved.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Events::Rule')
    .map(([name, resource]) => {
      const properties = resource.Properties ?? {};
      return {
        name,
        state: properties.State as RuleState,
        pattern: properties.EventPattern as Record<string, unknown>,
        targets: properties.Targets as Array<Record<string, unknown>>,
      };
    });
}

const fixtureNames = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.json'))
  .sort();
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Record<string, unknown>;

/** What each rule must accept, by fixture; every other fixture it must reject. */
const EXPECTED: Record<string, readonly string[]> = {
  GuardDutyFindingsRule: ['guardduty-finding.json'],
  GuardDutyMalwareScanRule: ['guardduty-malware-threats-found.json'],
  SecurityHubFindingsRule: ['securityhub-asff-imported.json'],
  SecurityHubOcsfRule: ['securityhub-ocsf-imported-v2.json'],
  ConfigComplianceRule: ['config-compliance-change.json'],
  CloudWatchAlarmRule: ['cloudwatch-alarm-state-change.json'],
  CloudTrailGovernanceChangesRule: [
    'cloudtrail-attach-user-policy.json',
    'cloudtrail-put-bucket-policy.json',
    'cloudtrail-stop-logging.json',
  ],
  CloudTrailNetworkChangesRule: [],
  CloudTrailDeniedAndRootRule: [
    'cloudtrail-describe-instances-denied.json',
    'cloudtrail-list-secrets-access-denied.json',
    'cloudtrail-root-list-users.json',
  ],
  ConsoleSignInRule: [
    'signin-console-login-failure.json',
    'signin-console-login-no-mfa.json',
    'signin-root-console-login.json',
  ],
};

const accepts = (rule: Rule, event: unknown) =>
  deliveredToRule(event, rule.state) && matchesEventPattern(rule.pattern, event);

const PSEUDO = /^AWS::/;

function unresolvedReferences(resolved: CfnTemplate): string[] {
  const known = new Set([...Object.keys(template.Parameters ?? {}), ...Object.keys(resolved.Resources)]);
  const missing: string[] = [];
  for (const [name, resource] of Object.entries({ ...resolved.Resources, ...resolved.Outputs }))
    for (const ref of referencedNames(resource))
      if (!PSEUDO.test(ref) && !known.has(ref)) missing.push(`${name} -> ${ref}`);
  return missing;
}

describe('deploy/aws/intake-wiring.yaml', () => {
  it('parses, and every reference points at a parameter or a resource present with those parameters', () => {
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    for (const Delivery of ['api-destination', 'sns'])
      for (const toggle of ['true', 'false']) {
        const resolved = deployed({
          Delivery,
          EnableGuardDuty: toggle,
          EnableCloudTrailDetections: toggle,
          CreateReadOnlyRole: toggle,
          EnableAccessReviewRemediation: toggle,
          ...(Delivery === 'sns' ? { IntakeApiKeySecretArn: '' } : {}),
        });
        expect(unresolvedReferences(resolved), `Delivery=${Delivery}, toggles=${toggle}`).toEqual([]);
      }
  });

  it('keeps every rule pattern within EventBridge quota of 2048 characters, using operators evaluated here', () => {
    const rules = rulesOf(deployed(ALL_SOURCES));
    expect(rules.map((r) => r.name).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const rule of rules) {
      expect(JSON.stringify(rule.pattern).length, rule.name).toBeLessThanOrEqual(2048);
      // Throws, naming the operator, for anything test/support/event-pattern.ts does not evaluate.
      for (const name of fixtureNames) matchesEventPattern(rule.pattern, fixture(name));
    }
  });

  describe.each(Object.entries(EXPECTED))('%s', (ruleName, expected) => {
    it('accepts its matching fixtures and rejects every other', () => {
      const rule = rulesOf(deployed(ALL_SOURCES)).find((r) => r.name === ruleName) as Rule;
      const accepted = fixtureNames.filter((name) => accepts(rule, fixture(name)));
      expect(accepted).toEqual([...expected].sort());
    });
  });

  it('every fixture is named in the expectations, so a new one cannot go unchecked', () => {
    const named = new Set(Object.values(EXPECTED).flat());
    const unmatchedOnPurpose = [
      'cloudtrail-describe-instances-ok.json',
      'cloudtrail-run-instances.json',
      'ec2-instance-state-change.json',
      'guardduty-malware-no-threats.json',
      'signin-console-login-mfa.json',
    ];
    expect(fixtureNames.filter((n) => !named.has(n)).sort()).toEqual(unmatchedOnPurpose.sort());
  });

  it('sends nothing when a source is off', () => {
    const rules = rulesOf(
      deployed({
        EnableGuardDuty: 'false',
        EnableGuardDutyMalwareProtection: 'false',
        EnableSecurityHub: 'false',
        EnableConfig: 'false',
        EnableCloudWatchAlarms: 'false',
        EnableCloudTrailDetections: 'false',
      }),
    );
    expect(rules).toEqual([]);
  });

  describe('read-only management events', () => {
    const denied = fixture('cloudtrail-describe-instances-denied.json');

    it('reach the denied-call and root rule, whose state asks for them', () => {
      const rule = rulesOf(deployed()).find((r) => r.name === 'CloudTrailDeniedAndRootRule') as Rule;
      expect(rule.state).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
      expect(accepts(rule, denied)).toBe(true);
    });

    it('are never seen when ReceiveReadOnlyManagementEvents is false, although the pattern matches', () => {
      const rule = rulesOf(deployed({ ReceiveReadOnlyManagementEvents: 'false' })).find(
        (r) => r.name === 'CloudTrailDeniedAndRootRule',
      ) as Rule;
      expect(rule.state).toBe('ENABLED');
      expect(matchesEventPattern(rule.pattern, denied)).toBe(true);
      expect(accepts(rule, denied)).toBe(false);
      expect(accepts(rule, fixture('cloudtrail-root-list-users.json'))).toBe(false);
    });

    it('are asked for by that rule only: the others would receive every Describe, Get and List', () => {
      const others = rulesOf(deployed(ALL_SOURCES)).filter((r) => r.name !== 'CloudTrailDeniedAndRootRule');
      for (const rule of others) expect(rule.state, rule.name).toBe('ENABLED');
    });
  });

  describe('against the detection catalogue (workflows/detections)', () => {
    let catalog: Catalog;
    beforeAll(async () => {
      catalog = await loadDetectionCatalog();
    });

    it('names in the change rules exactly the event names the detections compare $.eventName with', () => {
      const fromDetections = new Set<string>();
      for (const detection of catalog.detections)
        for (const name of eventNamesIn(detection.pattern.expression)) fromDetections.add(name);
      // ConsoleLogin arrives as "AWS Console Sign In via CloudTrail": ConsoleSignInRule takes it.
      fromDetections.delete('ConsoleLogin');
      const rules = rulesOf(deployed()).filter((r) => r.name.endsWith('ChangesRule'));
      const inRules = new Set(rules.flatMap((r) => (r.pattern.detail as { eventName: string[] }).eventName));
      expect(
        [...fromDetections].filter((n) => !inRules.has(n)),
        'event names a detection matches but no rule lets through',
      ).toEqual([]);
      expect(
        [...inRules].filter((n) => !fromDetections.has(n)),
        'event names in the rules that no detection matches',
      ).toEqual([]);
    });

    it('lets through every CloudTrail fixture a detection matches, and none that no detection matches', () => {
      const rules = rulesOf(deployed());
      const cloudTrail = fixtureNames.filter((n) => n.startsWith('cloudtrail-') || n.startsWith('signin-'));
      expect(cloudTrail.length).toBeGreaterThan(8);
      for (const name of cloudTrail) {
        const event = fixture(name);
        const detections = matchDetections(catalog, event.detail).map((d) => d.id);
        const through = rules.filter((rule) => accepts(rule, event)).map((r) => r.name);
        expect(through.length > 0, `${name}: detections [${detections}], rules [${through}]`).toBe(
          detections.length > 0,
        );
      }
    });
  });

  describe('delivery', () => {
    it('posts to the EventBridge intake path with the API key header, the key from Secrets Manager', () => {
      const { Resources } = deployed();
      const destination = Resources.IntakeApiDestination?.Properties ?? {};
      expect(destination.InvocationEndpoint).toEqual({ 'Fn::Sub': `\${WatchkeeperUrl}${EVENTBRIDGE_PATH}` });
      expect(destination.HttpMethod).toBe('POST');
      const auth = (Resources.IntakeConnection?.Properties?.AuthParameters ?? {}) as {
        ApiKeyAuthParameters: { ApiKeyName: string; ApiKeyValue: unknown };
      };
      expect(auth.ApiKeyAuthParameters.ApiKeyName).toBe(API_KEY_HEADER);
      expect(auth.ApiKeyAuthParameters.ApiKeyValue).toEqual({
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub text
        'Fn::Sub': '{{resolve:secretsmanager:${IntakeApiKeySecretArn}}}',
      });
      expect(template.Parameters?.WatchkeeperUrl?.AllowedPattern).toBeDefined();
      expect(
        new RegExp(template.Parameters?.WatchkeeperUrl?.AllowedPattern ?? '').test('https://a.example/'),
      ).toBe(false);
    });

    it('subscribes the SNS intake path instead when Delivery is sns, and creates no API destination', () => {
      const { Resources } = deployed({ Delivery: 'sns', IntakeApiKeySecretArn: '' });
      expect(Resources.IntakeApiDestination).toBeUndefined();
      expect(Resources.IntakeConnection).toBeUndefined();
      expect(Resources.AlertTopicSubscription?.Properties?.Endpoint).toEqual({
        'Fn::Sub': `\${WatchkeeperUrl}${SNS_PATH}`,
      });
      expect(Resources.AlertTopicSubscription?.Properties?.Protocol).toBe('https');
      for (const rule of rulesOf(deployed({ Delivery: 'sns', IntakeApiKeySecretArn: '' })))
        expect(rule.targets.map((t) => t.Arn)).toEqual([{ Ref: 'AlertTopic' }]);
    });

    it.each(['api-destination', 'sns'])(
      'gives every %s target a retry policy and the dead-letter queue',
      (Delivery) => {
        const resolved = deployed({ ...ALL_SOURCES, Delivery });
        for (const rule of rulesOf(resolved)) {
          expect(rule.targets.length, rule.name).toBe(1);
          for (const target of rule.targets) {
            expect(target.DeadLetterConfig, rule.name).toEqual({
              Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] },
            });
            expect(target.RetryPolicy, rule.name).toEqual({
              MaximumEventAgeInSeconds: 86400,
              MaximumRetryAttempts: 185,
            });
          }
        }
      },
    );

    it('names every rule after the stack, which the dead-letter queue and topic policies rely on', () => {
      for (const rule of rulesOf(deployed(ALL_SOURCES))) {
        const resource = template.Resources[rule.name] as CfnResource;
        expect(resource.Properties?.Name, rule.name).toMatchObject({
          'Fn::Sub': expect.stringMatching(/^\$\{AWS::StackName\}-[a-z0-9-]+$/),
        });
      }
    });
  });

  describe('the read-only role', () => {
    /** The role assumes nothing, so the file's assume-role statement is not granted to it. */
    const expectedStatements = policyFile.filter((s) => s.Sid !== 'AssumeMemberAccountRoles');
    const statementsOf = (resolved: CfnTemplate) => {
      const policies = resolved.Resources.WatchkeeperReadOnlyRole?.Properties?.Policies as Array<{
        PolicyDocument: { Statement: PolicyStatement[] };
      }>;
      return policies.flatMap((p) => p.PolicyDocument.Statement);
    };

    it('grants the actions of deploy/iam-policy.json, statement by statement', () => {
      expect(policyFile.some((s) => s.Sid === 'AssumeMemberAccountRoles')).toBe(true);
      const differences = statementDifferences(
        expectedStatements,
        statementsOf(deployed({ EnableAccessReviewRemediation: 'true' })),
      );
      expect(
        differences,
        'make the role in deploy/aws/intake-wiring.yaml match deploy/iam-policy.json',
      ).toEqual([]);
    });

    it('grants each containment statement of deploy/iam-policy.remediation.json only when its action is enabled', () => {
      expectContainmentPerAction(
        (given) => statementsOf(deployed(given)),
        expectedStatements.filter((s) => s.Sid !== 'OptionalAccessReviewRemediation'),
      );
    });

    it('leaves out the remediation statement unless asked', () => {
      const differences = statementDifferences(
        expectedStatements.filter((s) => s.Sid !== 'OptionalAccessReviewRemediation'),
        statementsOf(deployed()),
      );
      expect(differences).toEqual([]);
    });

    it('is named for the bot task role policy (watchkeeper-*) and trusts only the given principal', () => {
      const assume = policyFile.find((s) => s.Sid === 'AssumeMemberAccountRoles');
      const pattern = String(assume?.Resource).replace(/^arn:aws:iam::\*:role\//, '');
      const role = deployed().Resources.WatchkeeperReadOnlyRole?.Properties ?? {};
      expect(String(role.RoleName)).toMatch(new RegExp(`^${pattern.replace('*', '.*')}$`));
      const trust = (role.AssumeRolePolicyDocument as { Statement: Array<Record<string, unknown>> })
        .Statement;
      expect(trust).toEqual([
        { Effect: 'Allow', Principal: { AWS: { Ref: 'WatchkeeperPrincipalArn' } }, Action: 'sts:AssumeRole' },
      ]);
      const withId = deployed({ ExternalId: 'wk-7f3a' }).Resources.WatchkeeperReadOnlyRole?.Properties ?? {};
      const trustWithId = (withId.AssumeRolePolicyDocument as { Statement: Array<Record<string, unknown>> })
        .Statement;
      expect(trustWithId[0]?.Condition).toEqual({
        StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } },
      });
    });
  });
});

/** The values a pattern compares `$.eventName` with for equality, anywhere in its expression. */
function eventNamesIn(expression: Expression): string[] {
  switch (expression.kind) {
    case 'or':
    case 'and':
      return expression.operands.flatMap(eventNamesIn);
    case 'comparison':
      if (
        expression.selector.text === '$.eventName' &&
        expression.operator === '=' &&
        expression.value.kind === 'string' &&
        expression.value.match.kind === 'exact'
      )
        return [expression.value.match.text];
      return [];
    case 'condition':
      return [];
  }
}
