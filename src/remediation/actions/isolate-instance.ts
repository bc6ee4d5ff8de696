import { z } from 'zod';
import type { Tag } from '../../aws/remediation/port.js';
import { plural } from '../../slack/blocks/text.js';
import { NothingToContainError } from '../errors.js';
import { type ApiCall, arn, defineAction } from './types.js';

/**
 * Isolate an EC2 instance (GuardDuty's compromised-EC2 step 2): optionally snapshot its EBS
 * volumes first, for forensics; then move every network interface to an isolation security
 * group with no rules (created in the instance's VPC if missing, tagged). The previous groups of
 * each interface are kept, and undo puts them back. AWS notes that connections already tracked
 * are not cut by a security group change; the consequence sentence says so.
 */
const stateSchema = z.object({
  accountId: z.string(),
  region: z.string(),
  instanceId: z.string().regex(/^i-[0-9a-z]{8,17}$/, 'expected an EC2 instance id (i-…)'),
  vpcId: z.string().min(1),
  interfaces: z
    .array(z.object({ networkInterfaceId: z.string().min(1), groupIds: z.array(z.string()) }))
    .min(1),
  volumeIds: z.array(z.string()),
  snapshotVolumes: z.boolean(),
  groupName: z.string().min(1),
  /** Found in the preview, or created by apply. */
  isolationGroupId: z.string().optional(),
  /** volume id -> snapshot id, saved as each snapshot starts (a retried job skips those). */
  snapshotIds: z.record(z.string(), z.string()).default({}),
});
type State = z.infer<typeof stateSchema>;

const NEW_GROUP = '<the new isolation group>';

function tags(requestId: string, extra: readonly Tag[] = []): Tag[] {
  return [
    { Key: 'watchkeeper:purpose', Value: 'isolation' },
    { Key: 'watchkeeper:request', Value: requestId },
    ...extra,
  ];
}

const ec2Call = (operation: string, resource: string, params: ApiCall['params']): ApiCall => ({
  service: 'EC2',
  operation,
  action: `ec2:${operation}`,
  resource,
  params,
});

const moveCall = (s: State, networkInterfaceId: string, groupIds: readonly string[]) =>
  ec2Call(
    'ModifyNetworkInterfaceAttribute',
    arn.ec2(s.region, s.accountId, 'network-interface', networkInterfaceId),
    {
      NetworkInterfaceId: networkInterfaceId,
      Groups: [...groupIds],
    },
  );

export const isolateInstance = defineAction<State>({
  id: 'isolateInstance',
  title: 'Isolate the instance',
  permissions: [
    'ec2:DescribeInstances',
    'ec2:DescribeSecurityGroups',
    'ec2:CreateSecurityGroup',
    'ec2:CreateTags',
    'ec2:RevokeSecurityGroupEgress',
    'ec2:ModifyNetworkInterfaceAttribute',
    'ec2:CreateSnapshot',
  ],
  stateSchema,
  fits: (t) => t.instanceId !== undefined,
  async preview({ port, options }, t) {
    const instanceId = t.instanceId ?? '';
    const instance = await port.describeInstance(instanceId);
    if (!instance) throw new NothingToContainError(`EC2 instance ${instanceId} does not exist (any more)`);
    if (instance.networkInterfaces.length === 0)
      throw new NothingToContainError(`EC2 instance ${instanceId} has no network interface to isolate`);
    const isolationGroupId = await port.findSecurityGroup(instance.vpcId, options.isolationGroupName);
    const state: State = {
      accountId: port.accountId,
      region: port.region,
      instanceId,
      vpcId: instance.vpcId,
      interfaces: instance.networkInterfaces.map((n) => ({
        networkInterfaceId: n.networkInterfaceId,
        groupIds: [...n.groupIds],
      })),
      volumeIds: [...instance.volumeIds],
      snapshotVolumes: options.snapshotVolumes && instance.volumeIds.length > 0,
      groupName: options.isolationGroupName,
      ...(isolationGroupId ? { isolationGroupId } : {}),
      snapshotIds: {},
    };
    const isolated =
      isolationGroupId !== undefined &&
      instance.networkInterfaces.every((n) => n.groupIds.length === 1 && n.groupIds[0] === isolationGroupId);
    return {
      resourceLabel: `EC2 instance ${instanceId} (${instance.vpcId})`,
      state,
      ...(isolated
        ? { nothingToDo: `EC2 instance ${instanceId} is already in ${options.isolationGroupName}` }
        : {}),
    };
  },
  consequence: (s) =>
    `${s.instanceId} loses all new network traffic in and out (connections already open may continue until they close)${s.snapshotVolumes ? `, after ${plural(s.volumeIds.length, 'volume snapshot')} ${s.volumeIds.length === 1 ? 'is' : 'are'} started` : ''}.`,
  applyCalls(s) {
    const calls: ApiCall[] = [];
    if (s.snapshotVolumes)
      for (const volumeId of s.volumeIds)
        calls.push(
          ec2Call('CreateSnapshot', arn.ec2(s.region, s.accountId, 'volume', volumeId), {
            VolumeId: volumeId,
            Description: `Watchkeeper: before isolating ${s.instanceId}`,
          }),
        );
    if (s.isolationGroupId === undefined)
      calls.push(
        ec2Call('CreateSecurityGroup', arn.ec2(s.region, s.accountId, 'vpc', s.vpcId), {
          VpcId: s.vpcId,
          GroupName: s.groupName,
          Description: 'Watchkeeper isolation: no rules',
        }),
        ec2Call('RevokeSecurityGroupEgress', arn.ec2(s.region, s.accountId, 'security-group', '*'), {
          GroupId: NEW_GROUP,
          IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
        }),
      );
    for (const eni of s.interfaces)
      calls.push(moveCall(s, eni.networkInterfaceId, [s.isolationGroupId ?? NEW_GROUP]));
    return calls;
  },
  undoCalls: (s) => s.interfaces.map((eni) => moveCall(s, eni.networkInterfaceId, eni.groupIds)),
  async apply({ port, requestId, saveProgress }, s) {
    let state = s;
    if (state.snapshotVolumes)
      for (const volumeId of state.volumeIds) {
        if (state.snapshotIds[volumeId]) continue;
        const snapshotId = await port.createSnapshot(
          volumeId,
          `Watchkeeper: before isolating ${state.instanceId}`,
          tags(requestId, [{ Key: 'watchkeeper:instance', Value: state.instanceId }]),
        );
        state = { ...state, snapshotIds: { ...state.snapshotIds, [volumeId]: snapshotId } };
        await saveProgress(state);
      }
    let groupId = state.isolationGroupId ?? (await port.findSecurityGroup(state.vpcId, state.groupName));
    if (groupId === undefined) {
      groupId = await port.createSecurityGroup(
        state.vpcId,
        state.groupName,
        'Watchkeeper isolation: no rules',
        tags(requestId),
      );
      await port.revokeDefaultEgress(groupId);
    }
    state = { ...state, isolationGroupId: groupId };
    await saveProgress(state);
    for (const eni of state.interfaces)
      await port.setNetworkInterfaceGroups(eni.networkInterfaceId, [groupId]);
    return state;
  },
  async verify({ port }, s) {
    const instance = await port.describeInstance(s.instanceId);
    if (!instance) return { ok: false, observed: 'the instance is gone' };
    const ok = instance.networkInterfaces.every(
      (n) => n.groupIds.length === 1 && n.groupIds[0] === s.isolationGroupId,
    );
    return {
      ok,
      observed: ok
        ? `every network interface is in the isolation group ${s.groupName} (${s.isolationGroupId}) only${Object.keys(s.snapshotIds).length ? `; snapshots ${Object.values(s.snapshotIds).join(', ')}` : ''}`
        : `groups now: ${instance.networkInterfaces.map((n) => `${n.networkInterfaceId}=${n.groupIds.join('+') || 'none'}`).join(', ')}`,
    };
  },
  async undo({ port }, s) {
    for (const eni of s.interfaces)
      await port.setNetworkInterfaceGroups(eni.networkInterfaceId, eni.groupIds);
  },
  async verifyUndo({ port }, s) {
    const instance = await port.describeInstance(s.instanceId);
    if (!instance) return { ok: false, observed: 'the instance is gone' };
    const want = new Map(s.interfaces.map((n) => [n.networkInterfaceId, [...n.groupIds].sort().join('+')]));
    const ok = instance.networkInterfaces.every(
      (n) => want.get(n.networkInterfaceId) === [...n.groupIds].sort().join('+'),
    );
    return {
      ok,
      observed: ok ? 'the previous security groups are back' : 'the security groups differ from before',
    };
  },
});
