/**
 * The AWS port of containment actions (src/remediation): every read and write they make on one
 * account and region, in plain shapes. The SDK implementation is sdk-port.ts; the sandbox's sample
 * account implements it too. Errors are typed `AwsError`s naming the IAM action a call needs, so an
 * AccessDenied says which statement of deploy/iam-policy.remediation.json is missing.
 */

export type AccessKeyStatus = 'Active' | 'Inactive';

export interface AccessKeyInfo {
  readonly accessKeyId: string;
  readonly status: AccessKeyStatus;
}

export interface PolicyVersionInfo {
  readonly versionId: string;
  readonly isDefault: boolean;
  /** ISO-8601. */
  readonly createdAt: string;
}

export interface NetworkInterfaceInfo {
  readonly networkInterfaceId: string;
  readonly groupIds: readonly string[];
}

export interface InstanceInfo {
  readonly instanceId: string;
  readonly vpcId: string;
  readonly networkInterfaces: readonly NetworkInterfaceInfo[];
  /** EBS volumes attached to the instance. */
  readonly volumeIds: readonly string[];
}

/** S3 Block Public Access: the four switches, as `GetPublicAccessBlock` returns them. */
export interface PublicAccessBlock {
  readonly BlockPublicAcls: boolean;
  readonly IgnorePublicAcls: boolean;
  readonly BlockPublicPolicy: boolean;
  readonly RestrictPublicBuckets: boolean;
}

/** One IAM action on one resource, for the permission check before anyone confirms. */
export interface PermissionCheck {
  readonly action: string;
  readonly resource: string;
}

export type PermissionCheckResult =
  | { readonly checked: true; readonly denied: readonly string[] }
  /** Nothing to simulate against (no role configured), or the simulation itself was refused. */
  | { readonly checked: false; readonly reason: string };

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export interface RemediationAwsPort {
  readonly accountId: string;
  readonly region: string;

  /** IAM: the user's access keys; NoSuchEntity when the user does not exist. */
  listAccessKeys(userName: string): Promise<readonly AccessKeyInfo[]>;
  updateAccessKey(userName: string, accessKeyId: string, status: AccessKeyStatus): Promise<void>;
  /** The role's inline policy document (decoded JSON text), or undefined when it has none of that name. */
  getRoleInlinePolicy(roleName: string, policyName: string): Promise<string | undefined>;
  putRoleInlinePolicy(roleName: string, policyName: string, document: string): Promise<void>;
  /** 'absent' when there was no such policy (a retried undo). */
  deleteRoleInlinePolicy(roleName: string, policyName: string): Promise<'deleted' | 'absent'>;
  /** Whether the user has a console password (a login profile). */
  hasLoginProfile(userName: string): Promise<boolean>;
  /** 'absent' when there was none (a retried apply). */
  deleteLoginProfile(userName: string): Promise<'deleted' | 'absent'>;
  listPolicyVersions(policyArn: string): Promise<readonly PolicyVersionInfo[]>;
  setDefaultPolicyVersion(policyArn: string, versionId: string): Promise<void>;

  /** EC2: the instance, or undefined when it does not exist. */
  describeInstance(instanceId: string): Promise<InstanceInfo | undefined>;
  /** The id of the VPC's security group with this name, if any. */
  findSecurityGroup(vpcId: string, groupName: string): Promise<string | undefined>;
  createSecurityGroup(
    vpcId: string,
    groupName: string,
    description: string,
    tags: readonly Tag[],
  ): Promise<string>;
  /** Removes the allow-all egress rule a new security group starts with, so it allows nothing. */
  revokeDefaultEgress(groupId: string): Promise<void>;
  setNetworkInterfaceGroups(networkInterfaceId: string, groupIds: readonly string[]): Promise<void>;
  createSnapshot(volumeId: string, description: string, tags: readonly Tag[]): Promise<string>;

  /** S3: the bucket's Block Public Access, or undefined when it has none. */
  getPublicAccessBlock(bucket: string): Promise<PublicAccessBlock | undefined>;
  putPublicAccessBlock(bucket: string, block: PublicAccessBlock): Promise<void>;
  deletePublicAccessBlock(bucket: string): Promise<void>;

  /** Which of these the assumed role may not do (IAM policy simulation of the role's policies). */
  checkPermissions(checks: readonly PermissionCheck[]): Promise<PermissionCheckResult>;
}
