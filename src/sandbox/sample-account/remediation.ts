import type {
  AccessKeyInfo,
  AccessKeyStatus,
  InstanceInfo,
  PolicyVersionInfo,
  PublicAccessBlock,
  RemediationAwsPort,
} from '../../aws/remediation/port.js';
import { AwsError } from '../../platform/errors.js';
import { SAMPLE_ACCOUNT_ID, SAMPLE_REGION } from './identity.js';

/**
 * The sample account's side of containment: every remediation call works on in-memory state seeded
 * from the sample findings (users ops-admin and legacy-admin with their keys and console passwords,
 * the sample trail's console user dana.admin, role web-app-role, instances i-0sample000000002/3/7,
 * bucket sample-customer-exports, a managed policy with two versions), so a new user can try each
 * action and see it change: the key reads back Inactive, the instance's groups become the isolation
 * group, and undo puts them back. Names it does not know answer like AWS does (NoSuchEntity,
 * InvalidInstanceID.NotFound, NoSuchBucket).
 */

interface SampleUser {
  keys: Map<string, AccessKeyStatus>;
  password: boolean;
}

interface SampleInstance {
  readonly vpcId: string;
  readonly interfaces: Map<string, string[]>;
  readonly volumeIds: string[];
}

export interface SampleRemediationState {
  readonly users: Map<string, SampleUser>;
  readonly roles: Map<string, Map<string, string>>;
  readonly instances: Map<string, SampleInstance>;
  readonly securityGroups: Map<string, { vpcId: string; name: string; egressOpen: boolean }>;
  readonly snapshots: Map<string, string>;
  readonly buckets: Map<string, PublicAccessBlock | undefined>;
  readonly policies: Map<string, PolicyVersionInfo[]>;
}

export const SAMPLE_POLICY_ARN = `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:policy/sample-deploy-policy`;

export function sampleRemediationState(): SampleRemediationState {
  const instance = (n: string): [string, SampleInstance] => [
    `i-0sample00000000${n}`,
    {
      vpcId: 'vpc-0sample000000001',
      interfaces: new Map([[`eni-0sample00000000${n}`, ['sg-0sampleweb000001']]]),
      volumeIds: [`vol-0sample00000000${n}`],
    },
  ];
  return {
    users: new Map([
      ['ops-admin', { keys: new Map([['AKIASAMPLEKEY0000003', 'Active']]), password: true }],
      ['legacy-admin', { keys: new Map([['AKIASAMPLEKEY0000008', 'Active']]), password: true }],
      // The sample CloudTrail's console user (sign-in without MFA, StopLogging, ScheduleKeyDeletion).
      ['dana.admin', { keys: new Map(), password: true }],
    ]),
    // web-app-role: the GuardDuty credential-exfiltration card; sample-partner-role: the
    // Access Analyzer finding that arrives through Security Hub.
    roles: new Map([
      ['web-app-role', new Map()],
      ['sample-partner-role', new Map()],
    ]),
    instances: new Map([instance('2'), instance('3'), instance('7')]),
    securityGroups: new Map([
      ['sg-0sampleweb000001', { vpcId: 'vpc-0sample000000001', name: 'sample-web', egressOpen: true }],
    ]),
    snapshots: new Map(),
    // sample-app-assets-…: the Config finding that arrives through Security Hub.
    buckets: new Map([
      ['sample-customer-exports', undefined],
      ['sample-app-assets-000011112222', undefined],
    ]),
    policies: new Map([
      [
        SAMPLE_POLICY_ARN,
        [
          { versionId: 'v1', isDefault: false, createdAt: '2026-01-05T09:00:00.000Z' },
          { versionId: 'v2', isDefault: true, createdAt: '2026-06-01T09:00:00.000Z' },
        ],
      ],
    ]),
  };
}

function notFound(service: string, operation: string, awsCode: string, target: string): AwsError {
  return new AwsError({
    service,
    operation,
    awsCode,
    target: `${target} in ${SAMPLE_ACCOUNT_ID}/${SAMPLE_REGION} (sample account)`,
  });
}

/** One port per sandbox: the state lives as long as the sandbox, so changes stay visible. */
export function createSampleRemediationPort(
  state: SampleRemediationState = sampleRemediationState(),
): RemediationAwsPort {
  let next = 1;
  const id = (kind: string) => `${kind}-0sample${String(next++).padStart(9, '0')}`;
  const user = (operation: string, name: string) => {
    const found = state.users.get(name);
    if (!found) throw notFound('IAM', operation, 'NoSuchEntity', `user ${name}`);
    return found;
  };
  const role = (operation: string, name: string) => {
    const found = state.roles.get(name);
    if (!found) throw notFound('IAM', operation, 'NoSuchEntity', `role ${name}`);
    return found;
  };
  const bucket = (operation: string, name: string) => {
    if (!state.buckets.has(name)) throw notFound('S3', operation, 'NoSuchBucket', `bucket ${name}`);
  };
  const versions = (operation: string, arn: string) => {
    const found = state.policies.get(arn);
    if (!found) throw notFound('IAM', operation, 'NoSuchEntity', `policy ${arn}`);
    return found;
  };
  return {
    accountId: SAMPLE_ACCOUNT_ID,
    region: SAMPLE_REGION,
    async listAccessKeys(userName): Promise<AccessKeyInfo[]> {
      return [...user('ListAccessKeys', userName).keys].map(([accessKeyId, status]) => ({
        accessKeyId,
        status,
      }));
    },
    async updateAccessKey(userName, accessKeyId, status) {
      const keys = user('UpdateAccessKey', userName).keys;
      if (!keys.has(accessKeyId))
        throw notFound('IAM', 'UpdateAccessKey', 'NoSuchEntity', `key of user ${userName}`);
      keys.set(accessKeyId, status);
    },
    async getRoleInlinePolicy(roleName, policyName) {
      return state.roles.get(roleName)?.get(policyName);
    },
    async putRoleInlinePolicy(roleName, policyName, document) {
      role('PutRolePolicy', roleName).set(policyName, document);
    },
    async deleteRoleInlinePolicy(roleName, policyName) {
      return role('DeleteRolePolicy', roleName).delete(policyName) ? 'deleted' : 'absent';
    },
    async hasLoginProfile(userName) {
      return state.users.get(userName)?.password === true;
    },
    async deleteLoginProfile(userName) {
      const found = user('DeleteLoginProfile', userName);
      const had = found.password;
      found.password = false;
      return had ? 'deleted' : 'absent';
    },
    async listPolicyVersions(policyArn) {
      return versions('ListPolicyVersions', policyArn).map((v) => ({ ...v }));
    },
    async setDefaultPolicyVersion(policyArn, versionId) {
      const list = versions('SetDefaultPolicyVersion', policyArn);
      if (!list.some((v) => v.versionId === versionId))
        throw notFound(
          'IAM',
          'SetDefaultPolicyVersion',
          'NoSuchEntity',
          `version ${versionId} of ${policyArn}`,
        );
      state.policies.set(
        policyArn,
        list.map((v) => ({ ...v, isDefault: v.versionId === versionId })),
      );
    },
    async describeInstance(instanceId): Promise<InstanceInfo | undefined> {
      const found = state.instances.get(instanceId);
      if (!found) return undefined;
      return {
        instanceId,
        vpcId: found.vpcId,
        networkInterfaces: [...found.interfaces].map(([networkInterfaceId, groupIds]) => ({
          networkInterfaceId,
          groupIds: [...groupIds],
        })),
        volumeIds: [...found.volumeIds],
      };
    },
    async findSecurityGroup(vpcId, groupName) {
      return [...state.securityGroups].find(([, g]) => g.vpcId === vpcId && g.name === groupName)?.[0];
    },
    async createSecurityGroup(vpcId, groupName) {
      const groupId = id('sg');
      state.securityGroups.set(groupId, { vpcId, name: groupName, egressOpen: true });
      return groupId;
    },
    async revokeDefaultEgress(groupId) {
      const group = state.securityGroups.get(groupId);
      if (group) group.egressOpen = false;
    },
    async setNetworkInterfaceGroups(networkInterfaceId, groupIds) {
      const owner = [...state.instances.values()].find((i) => i.interfaces.has(networkInterfaceId));
      if (!owner)
        throw notFound(
          'EC2',
          'ModifyNetworkInterfaceAttribute',
          'InvalidNetworkInterfaceID.NotFound',
          networkInterfaceId,
        );
      owner.interfaces.set(networkInterfaceId, [...groupIds]);
    },
    async createSnapshot(volumeId) {
      const snapshotId = id('snap');
      state.snapshots.set(snapshotId, volumeId);
      return snapshotId;
    },
    async getPublicAccessBlock(name) {
      bucket('GetPublicAccessBlock', name);
      const block = state.buckets.get(name);
      return block && { ...block };
    },
    async putPublicAccessBlock(name, block) {
      bucket('PutPublicAccessBlock', name);
      state.buckets.set(name, { ...block });
    },
    async deletePublicAccessBlock(name) {
      bucket('DeletePublicAccessBlock', name);
      state.buckets.set(name, undefined);
    },
    async checkPermissions() {
      // The sample account's role may make every containment call.
      return { checked: true, denied: [] };
    },
  };
}
