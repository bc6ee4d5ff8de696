import { describe, expect, it } from 'vitest';
import { ROLES } from '../../src/main/start.js';
import { ENV_BINDINGS } from '../../src/platform/config/env.js';
import {
  type CfnTemplate,
  parameterValues,
  readCfnTemplate,
  referencedNames,
  resolveConditions,
} from '../support/cfn-template.js';
import { expectContainmentPerAction } from '../support/containment-statements.js';
import { type PolicyStatement, readPolicyFile, statementDifferences } from '../support/policy-statements.js';

/**
 * deploy/aws/watchkeeper-ecs.yaml: Watchkeeper on ECS Fargate. The task role must grant exactly
 * deploy/iam-policy.json; each service runs one role of `watchkeeper start`; secrets reach the
 * containers only through Secrets Manager; Redis is the cluster-mode, TLS-only ElastiCache
 * Serverless endpoint with a hash-tagged prefix.
 */

const template = readCfnTemplate(new URL('../../deploy/aws/watchkeeper-ecs.yaml', import.meta.url));
const policyFile = readPolicyFile(new URL('../../deploy/iam-policy.json', import.meta.url));

const REQUIRED = {
  SlackBotToken: 'xoxb-1111-2222-wkexample',
  SlackAppToken: 'xapp-1-A111-2222-wkexample',
  DefaultChannel: 'C0WKEXAMPLE',
  ImageUri: '470112358132.dkr.ecr.eu-central-1.amazonaws.com/watchkeeper@sha256:'.padEnd(141, 'a'),
  VpcId: 'vpc-0a1b2c3d',
  PublicSubnetIds: 'subnet-0a,subnet-0b',
  PrivateSubnetIds: 'subnet-1a,subnet-1b',
  CertificateArn: 'arn:aws:acm:eu-central-1:470112358132:certificate/0a1b2c3d-wk',
};

function deployed(given: Record<string, string> = {}): CfnTemplate {
  return resolveConditions(template, parameterValues(template, { ...REQUIRED, ...given }));
}

interface Container {
  Command: string[];
  Environment: Array<{ Name: string; Value: unknown }>;
  Secrets: Array<{ Name: string; ValueFrom: unknown }>;
  StopTimeout: number;
  HealthCheck: { Command: string[] };
}

function containersByRole(resolved: CfnTemplate): Map<string, Container> {
  const byRole = new Map<string, Container>();
  for (const [name, resource] of Object.entries(resolved.Resources)) {
    if (resource.Type !== 'AWS::ECS::Service') continue;
    const taskName = String((resource.Properties?.TaskDefinition as { Ref?: string } | undefined)?.Ref);
    const definitions = resolved.Resources[taskName]?.Properties?.ContainerDefinitions ?? [];
    const [container, ...others] = definitions as Container[];
    expect(others, `${name}: one container per task`).toEqual([]);
    const command = (container as Container).Command;
    expect(command.slice(0, 2), name).toEqual(['start', '--role']);
    byRole.set(command[2] as string, container as Container);
  }
  return byRole;
}

/** Names another engineer is adding to src/platform/config/env.ts with the Redis settings. */
const REDIS_SETTINGS_IN_PROGRESS = ['WATCHKEEPER_REDIS_CLUSTER', 'WATCHKEEPER_REDIS_PASSWORD'];

describe('deploy/aws/watchkeeper-ecs.yaml', () => {
  it('parses, and every reference points at a parameter or a resource', () => {
    for (const given of [
      {},
      { SlackAppToken: '', SlackSigningSecret: 'wk-signing-secret' },
      {
        CacheUserGroupId: 'wk-users',
        RedisPasswordSecretArn: 'arn:aws:secretsmanager:eu-central-1:470112358132:secret:wk-redis-Ab12Cd',
        EnableAccessReviewRemediation: 'true',
      },
    ]) {
      const resolved = deployed(given);
      const known = new Set([...Object.keys(template.Parameters ?? {}), ...Object.keys(resolved.Resources)]);
      const missing = Object.entries({ ...resolved.Resources, ...resolved.Outputs }).flatMap(
        ([name, value]) =>
          [...referencedNames(value)]
            .filter((ref) => !ref.startsWith('AWS::') && !known.has(ref))
            .map((ref) => `${name} -> ${ref}`),
      );
      expect(missing).toEqual([]);
    }
  });

  describe('the task role', () => {
    const statementsOf = (resolved: CfnTemplate) =>
      (
        (resolved.Resources.TaskRole?.Properties?.Policies ?? []) as Array<{
          PolicyDocument: { Statement: PolicyStatement[] };
        }>
      ).flatMap((p) => p.PolicyDocument.Statement);

    it('grants exactly deploy/iam-policy.json, statement by statement, with remediation on', () => {
      const differences = statementDifferences(
        policyFile,
        statementsOf(deployed({ EnableAccessReviewRemediation: 'true' })),
      );
      expect(
        differences,
        'make TaskRole in deploy/aws/watchkeeper-ecs.yaml match deploy/iam-policy.json',
      ).toEqual([]);
    });

    it('grants each containment statement of deploy/iam-policy.remediation.json only when its action is enabled', () => {
      expectContainmentPerAction(
        (given) => statementsOf(deployed(given)),
        policyFile.filter((s) => s.Sid !== 'OptionalAccessReviewRemediation'),
      );
    });

    it('leaves out the remediation statement when remediation is off', () => {
      const differences = statementDifferences(
        policyFile.filter((s) => s.Sid !== 'OptionalAccessReviewRemediation'),
        statementsOf(deployed()),
      );
      expect(differences).toEqual([]);
    });

    it('is the role every task runs with, and only ECS tasks of this account may assume it', () => {
      const resolved = deployed();
      for (const resource of Object.values(resolved.Resources).filter(
        (r) => r.Type === 'AWS::ECS::TaskDefinition',
      ))
        expect(resource.Properties?.TaskRoleArn).toEqual({ 'Fn::GetAtt': ['TaskRole', 'Arn'] });
      const trust = resolved.Resources.TaskRole?.Properties?.AssumeRolePolicyDocument as {
        Statement: Array<Record<string, unknown>>;
      };
      expect(trust.Statement).toEqual([
        {
          Effect: 'Allow',
          Principal: { Service: 'ecs-tasks.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        },
      ]);
    });
  });

  describe('the services', () => {
    it('run web, worker and scheduler, the roles `watchkeeper start` knows, one service each', () => {
      const roles = [...containersByRole(deployed()).keys()].sort();
      expect(roles).toEqual(['scheduler', 'web', 'worker']);
      for (const role of roles) expect(ROLES).toContain(role);
    });

    it('put only the web service behind the load balancer, which checks /readyz on PORT', () => {
      const resolved = deployed();
      const balanced = Object.entries(resolved.Resources).filter(
        ([, r]) => r.Type === 'AWS::ECS::Service' && r.Properties?.LoadBalancers,
      );
      expect(balanced.map(([name]) => name)).toEqual(['WebService']);
      expect(resolved.Resources.WebTargetGroup?.Properties?.HealthCheckPath).toBe('/readyz');
      expect(resolved.Resources.WebTargetGroup?.Properties?.Port).toBe(3000);
      for (const container of containersByRole(resolved).values()) {
        expect(container.Environment).toContainEqual({ Name: 'PORT', Value: '3000' });
        expect(container.HealthCheck.Command.join(' ')).toContain('http://127.0.0.1:3000/healthz');
      }
    });

    it('give a stopping task longer than the default shutdown grace (15 s) before SIGKILL', () => {
      for (const [role, container] of containersByRole(deployed()))
        expect(container.StopTimeout, role).toBeGreaterThan(15);
    });
  });

  describe('configuration', () => {
    const bindings = new Map(ENV_BINDINGS.map((b) => [b.env, b]));

    it('sets only environment variables Watchkeeper reads', () => {
      for (const [role, container] of containersByRole(
        deployed({
          RedisPasswordSecretArn: 'arn:aws:secretsmanager:eu-central-1:470112358132:secret:wk-redis-Ab12Cd',
        }),
      )) {
        const names = [...container.Environment.map((e) => e.Name), ...container.Secrets.map((s) => s.Name)];
        const unknown = names.filter((n) => !bindings.has(n) && !REDIS_SETTINGS_IN_PROGRESS.includes(n));
        expect(unknown, role).toEqual([]);
      }
    });

    it('passes every secret setting through Secrets Manager, never as plain environment', () => {
      const given = {
        SlackAppToken: '',
        SlackSigningSecret: 'wk-signing-secret',
        RedisPasswordSecretArn: 'arn:aws:secretsmanager:eu-central-1:470112358132:secret:wk-redis-Ab12Cd',
      };
      for (const [role, container] of containersByRole(deployed(given))) {
        const plain = container.Environment.filter((e) => bindings.get(e.Name)?.secret);
        // REDIS_URL is secret because it may carry a password; here it never does (no "@").
        expect(
          plain.map((e) => e.Name),
          role,
        ).toEqual(['REDIS_URL']);
        expect(JSON.stringify(plain[0]?.Value)).not.toContain('@');
        expect(container.Secrets.map((s) => s.Name).sort(), role).toEqual([
          'SLACK_BOT_TOKEN',
          'SLACK_SIGNING_SECRET',
          'WATCHKEEPER_EVENTBRIDGE_API_KEY',
          'WATCHKEEPER_REDIS_PASSWORD',
        ]);
      }
      const socketMode = containersByRole(deployed()).get('web') as Container;
      expect(socketMode.Secrets.map((s) => s.Name).sort()).toEqual([
        'SLACK_APP_TOKEN',
        'SLACK_BOT_TOKEN',
        'WATCHKEEPER_EVENTBRIDGE_API_KEY',
      ]);
      for (const name of ['SlackBotToken', 'SlackAppToken', 'SlackSigningSecret'])
        expect(template.Parameters?.[name]?.NoEcho, name).toBe(true);
    });

    it('reaches ElastiCache Serverless over TLS, in cluster mode, with a hash-tagged queue prefix', () => {
      const resolved = deployed();
      expect(resolved.Resources.Cache?.Type).toBe('AWS::ElastiCache::ServerlessCache');
      // A data-storage maximum makes ElastiCache Serverless evict keys with a TTL: none is set.
      expect(resolved.Resources.Cache?.Properties?.CacheUsageLimits).toBeUndefined();
      for (const [role, container] of containersByRole(resolved)) {
        const env = new Map(container.Environment.map((e) => [e.Name, e.Value]));
        expect(env.get('REDIS_URL'), role).toEqual({
          // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub text
          'Fn::Sub': 'rediss://${Cache.Endpoint.Address}:${Cache.Endpoint.Port}',
        });
        expect(env.get('WATCHKEEPER_REDIS_CLUSTER'), role).toBe('true');
        // BullMQ's Lua scripts touch several keys of a queue at once: they must share a slot.
        expect(String(env.get('WATCHKEEPER_QUEUE_PREFIX')), role).toMatch(/^\{[^{}]+\}$/);
      }
    });

    it('lets only the tasks reach the cache, and only the load balancer reach the tasks', () => {
      const { Resources } = deployed();
      const ingress = (name: string) =>
        Resources[name]?.Properties?.SecurityGroupIngress as Array<Record<string, unknown>>;
      expect(ingress('CacheSecurityGroup').map((r) => r.SourceSecurityGroupId)).toEqual([
        { Ref: 'TaskSecurityGroup' },
      ]);
      expect(ingress('TaskSecurityGroup')).toEqual([
        {
          IpProtocol: 'tcp',
          FromPort: 3000,
          ToPort: 3000,
          SourceSecurityGroupId: { Ref: 'LoadBalancerSecurityGroup' },
        },
      ]);
    });
  });
});
