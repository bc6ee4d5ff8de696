import {
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  RevokeSecurityGroupEgressCommand,
} from '@aws-sdk/client-ec2';
import { IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsClientCache } from '../../../src/aws/client-cache.js';
import type { IamRuntimeContext } from '../../../src/aws/iam/runtime.js';
import { sdkRemediationPorts } from '../../../src/aws/remediation/runtime.js';
import { loadConfig } from '../../../src/platform/config/load.js';
import { NotFoundError } from '../../../src/platform/errors.js';
import { createSilentLogger } from '../../../src/platform/log/logger.js';
import {
  ACCOUNT,
  ec2Error,
  ec2Mock,
  iamAccessDenied,
  iamMock,
  REGION,
  ROLE_ARN,
  resetAwsMocks,
  sdkPort,
} from '../../remediation/support/aws.js';
import { CANARY } from '../../support/config.js';
import { testRedisClient, testRedisUrl, uniquePrefix } from '../../support/redis.js';

beforeEach(resetAwsMocks);

describe('the remediation port: permission check before anyone confirms', () => {
  it('simulates each call on its resource with the assumed role and lists what is denied', async () => {
    iamMock
      .on(SimulatePrincipalPolicyCommand)
      .callsFake((input: { ActionNames: string[]; ResourceArns: string[] }) => ({
        EvaluationResults: input.ActionNames.map((a) => ({
          EvalActionName: a,
          EvalResourceName: input.ResourceArns[0],
          EvalDecision:
            a === 'ec2:CreateSnapshot'
              ? 'explicitDeny'
              : a === 'ec2:ModifyNetworkInterfaceAttribute'
                ? 'implicitDeny'
                : 'allowed',
        })),
      }));
    const result = await sdkPort().checkPermissions([
      { action: 'ec2:CreateSnapshot', resource: 'arn:aws:ec2:eu-west-1:444455556666:volume/vol-1' },
      {
        action: 'ec2:ModifyNetworkInterfaceAttribute',
        resource: 'arn:aws:ec2:eu-west-1:444455556666:network-interface/eni-1',
      },
      {
        action: 'ec2:ModifyNetworkInterfaceAttribute',
        resource: 'arn:aws:ec2:eu-west-1:444455556666:network-interface/eni-2',
      },
      { action: 'ec2:CreateSecurityGroup', resource: 'arn:aws:ec2:eu-west-1:444455556666:vpc/vpc-1' },
    ]);
    expect(result).toEqual({
      checked: true,
      denied: ['ec2:CreateSnapshot', 'ec2:ModifyNetworkInterfaceAttribute'],
    });
    const calls = iamMock.commandCalls(SimulatePrincipalPolicyCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(4);
    expect(calls.every((c) => c.PolicySourceArn === ROLE_ARN && c.ResourceArns?.length === 1)).toBe(true);
  });

  it('says it could not check without a role to simulate, or when the simulator itself is refused', async () => {
    expect(await sdkPort(null).checkPermissions([{ action: 'iam:UpdateAccessKey', resource: '*' }])).toEqual({
      checked: false,
      reason: expect.stringMatching(/no role ARN/),
    });
    iamMock.on(SimulatePrincipalPolicyCommand).rejects(iamAccessDenied('iam:SimulatePrincipalPolicy'));
    expect(await sdkPort().checkPermissions([{ action: 'iam:UpdateAccessKey', resource: '*' }])).toEqual({
      checked: false,
      reason: expect.stringMatching(/iam:SimulatePrincipalPolicy/),
    });
  });
});

describe('the remediation port: EC2 answers', () => {
  it('reads a missing instance as undefined, and keeps the VPC, interfaces and volumes of one that exists', async () => {
    ec2Mock
      .on(DescribeInstancesCommand)
      .rejectsOnce(ec2Error('InvalidInstanceID.NotFound'))
      .resolves({
        Reservations: [
          {
            Instances: [
              {
                InstanceId: 'i-0abc0abc0abc0abc0',
                VpcId: 'vpc-1',
                NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1', Groups: [{ GroupId: 'sg-1' }] }],
                BlockDeviceMappings: [{ Ebs: { VolumeId: 'vol-1' } }],
              },
            ],
          },
        ],
      });
    const port = sdkPort();
    expect(await port.describeInstance('i-0abc0abc0abc0abc0')).toBeUndefined();
    expect(await port.describeInstance('i-0abc0abc0abc0abc0')).toEqual({
      instanceId: 'i-0abc0abc0abc0abc0',
      vpcId: 'vpc-1',
      networkInterfaces: [{ networkInterfaceId: 'eni-1', groupIds: ['sg-1'] }],
      volumeIds: ['vol-1'],
    });
  });

  it('finds the isolation group by VPC and name, and treats an egress rule already gone as done', async () => {
    ec2Mock
      .on(DescribeSecurityGroupsCommand)
      .resolves({ SecurityGroups: [{ GroupId: 'sg-iso', GroupName: 'watchkeeper-isolation' }] });
    ec2Mock.on(RevokeSecurityGroupEgressCommand).rejects(ec2Error('InvalidPermission.NotFound'));
    const port = sdkPort();
    expect(await port.findSecurityGroup('vpc-1', 'watchkeeper-isolation')).toBe('sg-iso');
    expect(ec2Mock.commandCalls(DescribeSecurityGroupsCommand)[0]?.args[0].input.Filters).toEqual([
      { Name: 'vpc-id', Values: ['vpc-1'] },
      { Name: 'group-name', Values: ['watchkeeper-isolation'] },
    ]);
    await expect(port.revokeDefaultEgress('sg-iso')).resolves.toBeUndefined();
  });
});

describe('the remediation runtime', () => {
  const redis = testRedisClient();
  afterAll(() => redis.disconnect());
  const config = loadConfig({
    env: {
      WATCHKEEPER_CONFIG: 'watchkeeper.yaml',
      REDIS_URL: testRedisUrl(),
      WATCHKEEPER_QUEUE_PREFIX: uniquePrefix('remrt'),
      SLACK_BOT_TOKEN: CANARY.botToken,
      SLACK_SIGNING_SECRET: CANARY.signingSecret,
    },
    readFile: () =>
      [
        'aws:',
        '  accounts:',
        `    - id: "${ACCOUNT}"`,
        `      roleArn: ${ROLE_ARN}`,
        `      regions: [${REGION}]`,
      ].join('\n'),
  });
  const ctx: IamRuntimeContext = { config, redis, logger: createSilentLogger(), now: () => new Date() };

  it("builds the port of a configured account and region over the client cache, with the account's role", async () => {
    const clients = new AwsClientCache(config);
    const port = sdkRemediationPorts(clients)(ctx, ACCOUNT, REGION);
    expect(port.accountId).toBe(ACCOUNT);
    expect(port.region).toBe(REGION);
    const ec2 = clients.get('ec2', ACCOUNT, REGION, () => new EC2Client({}));
    expect(await ec2.config.region()).toBe(REGION);
    expect(clients.get('iam', ACCOUNT, REGION, () => new IAMClient({}))).toBeInstanceOf(IAMClient);
    iamMock.on(SimulatePrincipalPolicyCommand).resolves({ EvaluationResults: [] });
    await port.checkPermissions([{ action: 'iam:UpdateAccessKey', resource: '*' }]);
    expect(iamMock.commandCalls(SimulatePrincipalPolicyCommand)[0]?.args[0].input.PolicySourceArn).toBe(
      ROLE_ARN,
    );
  });

  it('refuses an account that is not configured before any call', () => {
    expect(() => sdkRemediationPorts(new AwsClientCache(config))(ctx, '111122223333', REGION)).toThrow(
      NotFoundError,
    );
  });
});
