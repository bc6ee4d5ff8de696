import {
  CreateSecurityGroupCommand,
  CreateSnapshotCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
  ModifyNetworkInterfaceAttributeCommand,
  RevokeSecurityGroupEgressCommand,
} from '@aws-sdk/client-ec2';
import { type RemediationCallScope, sendCall } from './call.js';
import type { RemediationAwsPort } from './port.js';

/** The EC2 half of the remediation port: instance isolation and snapshots. */
type Ec2Part = Pick<
  RemediationAwsPort,
  | 'describeInstance'
  | 'findSecurityGroup'
  | 'createSecurityGroup'
  | 'revokeDefaultEgress'
  | 'setNetworkInterfaceGroups'
  | 'createSnapshot'
>;

const ec2 = (operation: string, about: string) =>
  ({ service: 'EC2', operation, action: `ec2:${operation}`, about }) as const;

/** What a new security group allows out until it is revoked: everything, IPv4. */
const DEFAULT_EGRESS = [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];

export function sdkEc2Part(client: EC2Client, scope: RemediationCallScope): Ec2Part {
  return {
    async describeInstance(instanceId) {
      const out = await sendCall(
        scope,
        ec2('DescribeInstances', `instance ${instanceId}`),
        () => client.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })),
        { when: ['InvalidInstanceID.NotFound', 'InvalidInstanceID.Malformed'], value: undefined },
      );
      const instance = out?.Reservations?.flatMap((r) => r.Instances ?? []).find(
        (i) => i.InstanceId === instanceId,
      );
      if (!instance?.VpcId) return undefined;
      return {
        instanceId,
        vpcId: instance.VpcId,
        networkInterfaces: (instance.NetworkInterfaces ?? []).flatMap((eni) =>
          eni.NetworkInterfaceId
            ? [
                {
                  networkInterfaceId: eni.NetworkInterfaceId,
                  groupIds: (eni.Groups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : [])),
                },
              ]
            : [],
        ),
        volumeIds: (instance.BlockDeviceMappings ?? []).flatMap((m) =>
          m.Ebs?.VolumeId ? [m.Ebs.VolumeId] : [],
        ),
      };
    },

    async findSecurityGroup(vpcId, groupName) {
      const out = await sendCall(scope, ec2('DescribeSecurityGroups', `group ${groupName} in ${vpcId}`), () =>
        client.send(
          new DescribeSecurityGroupsCommand({
            Filters: [
              { Name: 'vpc-id', Values: [vpcId] },
              { Name: 'group-name', Values: [groupName] },
            ],
          }),
        ),
      );
      return out.SecurityGroups?.find((g) => g.GroupName === groupName)?.GroupId;
    },

    async createSecurityGroup(vpcId, groupName, description, tags) {
      const out = await sendCall(scope, ec2('CreateSecurityGroup', `group ${groupName} in ${vpcId}`), () =>
        client.send(
          new CreateSecurityGroupCommand({
            VpcId: vpcId,
            GroupName: groupName,
            Description: description,
            TagSpecifications: [{ ResourceType: 'security-group', Tags: [...tags] }],
          }),
        ),
      );
      if (!out.GroupId)
        throw new Error(`EC2 CreateSecurityGroup returned no GroupId for ${groupName} in ${vpcId}`);
      return out.GroupId;
    },

    async revokeDefaultEgress(groupId) {
      await sendCall(
        scope,
        ec2('RevokeSecurityGroupEgress', `group ${groupId}`),
        () =>
          client.send(
            new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: DEFAULT_EGRESS }),
          ),
        // Already revoked (a retried apply): the group allows nothing, which is what was wanted.
        { when: ['InvalidPermission.NotFound'], value: undefined },
      );
    },

    async setNetworkInterfaceGroups(networkInterfaceId, groupIds) {
      await sendCall(
        scope,
        ec2('ModifyNetworkInterfaceAttribute', `network interface ${networkInterfaceId}`),
        () =>
          client.send(
            new ModifyNetworkInterfaceAttributeCommand({
              NetworkInterfaceId: networkInterfaceId,
              Groups: [...groupIds],
            }),
          ),
      );
    },

    async createSnapshot(volumeId, description, tags) {
      const out = await sendCall(scope, ec2('CreateSnapshot', `volume ${volumeId}`), () =>
        client.send(
          new CreateSnapshotCommand({
            VolumeId: volumeId,
            Description: description,
            TagSpecifications: [{ ResourceType: 'snapshot', Tags: [...tags] }],
          }),
        ),
      );
      if (!out.SnapshotId) throw new Error(`EC2 CreateSnapshot returned no SnapshotId for ${volumeId}`);
      return out.SnapshotId;
    },
  };
}
