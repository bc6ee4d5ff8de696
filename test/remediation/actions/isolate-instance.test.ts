import {
  CreateSecurityGroupCommand,
  CreateSnapshotCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  ModifyNetworkInterfaceAttributeCommand,
  RevokeSecurityGroupEgressCommand,
} from '@aws-sdk/client-ec2';
import { beforeEach, describe, expect, it } from 'vitest';
import { type AwsError, ErrorCode } from '../../../src/platform/errors.js';
import { isolateInstance } from '../../../src/remediation/actions/isolate-instance.js';
import { NothingToContainError } from '../../../src/remediation/errors.js';
import { ec2Error, ec2Mock, resetAwsMocks, runOf, sdkPort } from '../support/aws.js';

const INSTANCE = 'i-0a1b2c3d4e5f60718';
const instance = (groups: Record<string, string[]>) => ({
  Reservations: [
    {
      Instances: [
        {
          InstanceId: INSTANCE,
          VpcId: 'vpc-0feedbeef',
          NetworkInterfaces: Object.entries(groups).map(([id, gs]) => ({
            NetworkInterfaceId: id,
            Groups: gs.map((g) => ({ GroupId: g, GroupName: g })),
          })),
          BlockDeviceMappings: [
            { DeviceName: '/dev/xvda', Ebs: { VolumeId: 'vol-0root' } },
            { DeviceName: '/dev/xvdf', Ebs: { VolumeId: 'vol-0data' } },
          ],
        },
      ],
    },
  ],
});
const BEFORE = { 'eni-0aaa': ['sg-0web', 'sg-0ssh'], 'eni-0bbb': ['sg-0db'] };

beforeEach(resetAwsMocks);

describe('isolate an EC2 instance', () => {
  it('previews snapshots, the new no-rule group and one move per interface, and an undo restoring each previous group set', async () => {
    ec2Mock.on(DescribeInstancesCommand).resolves(instance(BEFORE));
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    const run = runOf(sdkPort());
    const { state, resourceLabel } = await isolateInstance.preview(run, { instanceId: INSTANCE });
    expect(resourceLabel).toBe(`EC2 instance ${INSTANCE} (vpc-0feedbeef)`);
    expect(
      isolateInstance.applyCalls(state, run.options).map((c) => `${c.operation} ${JSON.stringify(c.params)}`),
    ).toEqual([
      `CreateSnapshot {"VolumeId":"vol-0root","Description":"Watchkeeper: before isolating ${INSTANCE}"}`,
      `CreateSnapshot {"VolumeId":"vol-0data","Description":"Watchkeeper: before isolating ${INSTANCE}"}`,
      'CreateSecurityGroup {"VpcId":"vpc-0feedbeef","GroupName":"watchkeeper-isolation","Description":"Watchkeeper isolation: no rules"}',
      'RevokeSecurityGroupEgress {"GroupId":"<the new isolation group>","IpPermissions":[{"IpProtocol":"-1","IpRanges":[{"CidrIp":"0.0.0.0/0"}]}]}',
      'ModifyNetworkInterfaceAttribute {"NetworkInterfaceId":"eni-0aaa","Groups":["<the new isolation group>"]}',
      'ModifyNetworkInterfaceAttribute {"NetworkInterfaceId":"eni-0bbb","Groups":["<the new isolation group>"]}',
    ]);
    expect(isolateInstance.undoCalls(state)?.map((c) => c.params)).toEqual([
      { NetworkInterfaceId: 'eni-0aaa', Groups: ['sg-0web', 'sg-0ssh'] },
      { NetworkInterfaceId: 'eni-0bbb', Groups: ['sg-0db'] },
    ]);
    expect(isolateInstance.consequence(state)).toMatch(/connections already open may continue/);
  });

  it('snapshots first, creates and empties the tagged group, moves every interface, verifies, and restores the groups on undo', async () => {
    ec2Mock
      .on(DescribeInstancesCommand)
      .resolvesOnce(instance(BEFORE))
      .resolvesOnce(instance({ 'eni-0aaa': ['sg-0iso'], 'eni-0bbb': ['sg-0iso'] }))
      .resolves(instance(BEFORE));
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    ec2Mock
      .on(CreateSnapshotCommand)
      .resolvesOnce({ SnapshotId: 'snap-01' })
      .resolvesOnce({ SnapshotId: 'snap-02' });
    ec2Mock.on(CreateSecurityGroupCommand).resolves({ GroupId: 'sg-0iso' });
    ec2Mock.on(RevokeSecurityGroupEgressCommand).resolves({ Return: true });
    ec2Mock.on(ModifyNetworkInterfaceAttributeCommand).resolves({});
    const saved: unknown[] = [];
    const run = runOf(sdkPort(), saved);
    const { state } = await isolateInstance.preview(run, { instanceId: INSTANCE });
    const applied = (await isolateInstance.apply(run, state)) as {
      isolationGroupId: string;
      snapshotIds: Record<string, string>;
    };
    expect(applied.snapshotIds).toEqual({ 'vol-0root': 'snap-01', 'vol-0data': 'snap-02' });
    expect(applied.isolationGroupId).toBe('sg-0iso');
    const created = ec2Mock.commandCalls(CreateSecurityGroupCommand)[0]?.args[0].input;
    expect(created?.TagSpecifications?.[0]?.Tags).toContainEqual({
      Key: 'watchkeeper:purpose',
      Value: 'isolation',
    });
    expect(ec2Mock.commandCalls(RevokeSecurityGroupEgressCommand)[0]?.args[0].input.GroupId).toBe('sg-0iso');
    expect(ec2Mock.commandCalls(ModifyNetworkInterfaceAttributeCommand).map((c) => c.args[0].input)).toEqual([
      { NetworkInterfaceId: 'eni-0aaa', Groups: ['sg-0iso'] },
      { NetworkInterfaceId: 'eni-0bbb', Groups: ['sg-0iso'] },
    ]);
    // Progress was saved after each snapshot, so a retried job does not snapshot again.
    expect(saved).toHaveLength(3);
    expect(await isolateInstance.verify(run, applied)).toMatchObject({ ok: true });
    await isolateInstance.undo(run, applied);
    expect(
      ec2Mock
        .commandCalls(ModifyNetworkInterfaceAttributeCommand)
        .slice(2)
        .map((c) => c.args[0].input),
    ).toEqual([
      { NetworkInterfaceId: 'eni-0aaa', Groups: ['sg-0web', 'sg-0ssh'] },
      { NetworkInterfaceId: 'eni-0bbb', Groups: ['sg-0db'] },
    ]);
    expect(await isolateInstance.verifyUndo(run, applied)).toEqual({
      ok: true,
      observed: 'the previous security groups are back',
    });
  });

  it('a retried apply skips snapshots already started and reuses the group found by name', async () => {
    ec2Mock
      .on(DescribeSecurityGroupsCommand)
      .resolves({ SecurityGroups: [{ GroupId: 'sg-0iso', GroupName: 'watchkeeper-isolation' }] });
    ec2Mock.on(CreateSnapshotCommand).resolves({ SnapshotId: 'snap-02' });
    ec2Mock.on(ModifyNetworkInterfaceAttributeCommand).resolves({});
    const run = runOf(sdkPort());
    const state = {
      accountId: '444455556666',
      region: 'eu-west-1',
      instanceId: INSTANCE,
      vpcId: 'vpc-0feedbeef',
      interfaces: [{ networkInterfaceId: 'eni-0aaa', groupIds: ['sg-0web'] }],
      volumeIds: ['vol-0root', 'vol-0data'],
      snapshotVolumes: true,
      groupName: 'watchkeeper-isolation',
      snapshotIds: { 'vol-0root': 'snap-01' },
    };
    await isolateInstance.apply(run, state);
    expect(ec2Mock.commandCalls(CreateSnapshotCommand).map((c) => c.args[0].input.VolumeId)).toEqual([
      'vol-0data',
    ]);
    expect(ec2Mock.commandCalls(CreateSecurityGroupCommand)).toHaveLength(0);
  });

  it('says there is nothing to do when it is already isolated, and NothingToContain when the instance is gone', async () => {
    ec2Mock
      .on(DescribeInstancesCommand)
      .resolvesOnce(instance({ 'eni-0aaa': ['sg-0iso'] }))
      .rejects(ec2Error('InvalidInstanceID.NotFound'));
    ec2Mock
      .on(DescribeSecurityGroupsCommand)
      .resolves({ SecurityGroups: [{ GroupId: 'sg-0iso', GroupName: 'watchkeeper-isolation' }] });
    const run = runOf(sdkPort());
    expect((await isolateInstance.preview(run, { instanceId: INSTANCE })).nothingToDo).toMatch(
      /already in watchkeeper-isolation/,
    );
    await expect(isolateInstance.preview(run, { instanceId: INSTANCE })).rejects.toBeInstanceOf(
      NothingToContainError,
    );
  });

  it('names ec2:ModifyNetworkInterfaceAttribute when EC2 answers UnauthorizedOperation', async () => {
    ec2Mock
      .on(DescribeSecurityGroupsCommand)
      .resolves({ SecurityGroups: [{ GroupId: 'sg-0iso', GroupName: 'watchkeeper-isolation' }] });
    ec2Mock
      .on(ModifyNetworkInterfaceAttributeCommand)
      .rejects(ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    const state = {
      accountId: '444455556666',
      region: 'eu-west-1',
      instanceId: INSTANCE,
      vpcId: 'vpc-0feedbeef',
      interfaces: [{ networkInterfaceId: 'eni-0aaa', groupIds: ['sg-0web'] }],
      volumeIds: [],
      snapshotVolumes: false,
      groupName: 'watchkeeper-isolation',
    };
    const error = await isolateInstance.apply(runOf(sdkPort()), state).catch((e: unknown) => e);
    expect((error as AwsError).code).toBe(ErrorCode.AwsAccessDenied);
    expect((error as AwsError).missingAction).toBe('ec2:ModifyNetworkInterfaceAttribute');
  });
});
