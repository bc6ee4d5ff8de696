import type { CloudTrailRecord } from '../../aws/logs/cloudtrail-record.js';
import type { AlertResource } from '../alert.js';
import { cleanText } from '../text.js';
import { recordAccountId } from './actor.js';

/**
 * What a CloudTrail call acted on, read from `requestParameters` by the parameter names AWS
 * APIs use, then from `resources[]`, then the caller itself (ConsoleLogin, GetSessionToken),
 * then the account. ARNs are built only where their form is fixed (no IAM paths guessed).
 */

interface Scope {
  readonly accountId: string;
  readonly region: string;
}

interface ParamRule {
  readonly param: string;
  readonly type: string;
  /** Only for calls to this service; parameter names like `name` mean different things elsewhere. */
  readonly eventSource?: string;
  readonly arn?: (id: string, scope: Scope) => string;
}

const IAM = 'iam.amazonaws.com';
const EC2 = 'ec2.amazonaws.com';

/** In priority order: AttachUserPolicy names a user and a policy, and the user is what changed. */
const PARAM_RULES: readonly ParamRule[] = [
  { param: 'bucketName', type: 'S3Bucket', arn: (id) => `arn:aws:s3:::${id}` },
  { param: 'userName', type: 'IAMUser', eventSource: IAM },
  { param: 'roleName', type: 'IAMRole', eventSource: IAM },
  { param: 'groupName', type: 'IAMGroup', eventSource: IAM },
  { param: 'policyArn', type: 'IAMPolicy', eventSource: IAM },
  { param: 'instanceProfileName', type: 'IAMInstanceProfile', eventSource: IAM },
  { param: 'groupId', type: 'SecurityGroup', eventSource: EC2, arn: ec2Arn('security-group') },
  { param: 'groupName', type: 'SecurityGroup', eventSource: EC2 },
  { param: 'instanceId', type: 'Instance', eventSource: EC2, arn: ec2Arn('instance') },
  { param: 'networkAclId', type: 'NetworkAcl', eventSource: EC2, arn: ec2Arn('network-acl') },
  { param: 'routeTableId', type: 'RouteTable', eventSource: EC2, arn: ec2Arn('route-table') },
  { param: 'internetGatewayId', type: 'InternetGateway', eventSource: EC2, arn: ec2Arn('internet-gateway') },
  { param: 'vpcId', type: 'VPC', eventSource: EC2, arn: ec2Arn('vpc') },
  { param: 'name', type: 'Trail', eventSource: 'cloudtrail.amazonaws.com' },
  { param: 'trailName', type: 'Trail', eventSource: 'cloudtrail.amazonaws.com' },
  { param: 'keyId', type: 'KMSKey', eventSource: 'kms.amazonaws.com' },
  { param: 'configurationRecorderName', type: 'ConfigRecorder', eventSource: 'config.amazonaws.com' },
  { param: 'deliveryChannelName', type: 'ConfigDeliveryChannel', eventSource: 'config.amazonaws.com' },
  { param: 'detectorId', type: 'GuardDutyDetector', eventSource: 'guardduty.amazonaws.com' },
  { param: 'functionName', type: 'Lambda', eventSource: 'lambda.amazonaws.com' },
  { param: 'dBInstanceIdentifier', type: 'RDSDBInstance', eventSource: 'rds.amazonaws.com' },
  { param: 'accessKeyId', type: 'AccessKey', eventSource: IAM },
];

function ec2Arn(kind: string): (id: string, scope: Scope) => string {
  return (id, scope) => `arn:aws:ec2:${scope.region}:${scope.accountId}:${kind}/${id}`;
}

/** An ARN given where a name is allowed (trail, key, policy, function): id is its last part. */
function fromValue(type: string, value: string, arn?: string): AlertResource {
  if (value.startsWith('arn:')) {
    const id = value.split(/[:/]/).pop() || value;
    return { type, id, arn: value, tags: {} };
  }
  return arn === undefined ? { type, id: value, tags: {} } : { type, id: value, arn, tags: {} };
}

function paramValue(params: Record<string, unknown>, name: string): string | undefined {
  const direct = params[name];
  if (typeof direct === 'string') return cleanText(direct);
  // RunInstances-style sets: instancesSet.items[0].instanceId.
  const set = params[`${name.replace(/Id$/, '')}sSet`];
  if (typeof set === 'object' && set !== null && 'items' in set && Array.isArray(set.items)) {
    const first: unknown = set.items[0];
    if (typeof first === 'object' && first !== null && name in first) {
      const value = (first as Record<string, unknown>)[name];
      return typeof value === 'string' ? cleanText(value) : undefined;
    }
  }
  return undefined;
}

function fromParameters(record: CloudTrailRecord, scope: Scope): AlertResource | undefined {
  const params = record.requestParameters;
  if (!params) return undefined;
  for (const rule of PARAM_RULES) {
    if (rule.eventSource !== undefined && rule.eventSource !== record.eventSource) continue;
    const value = paramValue(params, rule.param);
    if (value !== undefined) return fromValue(rule.type, value, rule.arn?.(value, scope));
  }
  return undefined;
}

function fromResources(record: CloudTrailRecord): AlertResource | undefined {
  const listed = record.resources?.find((r) => cleanText(r.ARN));
  const arn = cleanText(listed?.ARN);
  if (!listed || arn === undefined) return undefined;
  return fromValue(cleanText(listed.type) ?? 'AWSResource', arn);
}

/** The caller as the resource: what a sign-in or a session call acts on. */
function fromIdentity(record: CloudTrailRecord, scope: Scope): AlertResource | undefined {
  const identity = record.userIdentity;
  switch (identity?.type) {
    case 'Root':
      return {
        type: 'AWSAccount',
        id: scope.accountId,
        arn: `arn:aws:iam::${scope.accountId}:root`,
        tags: {},
      };
    case 'IAMUser': {
      const name = cleanText(identity.userName) ?? cleanText(identity.arn?.split('/').pop());
      const arn = cleanText(identity.arn);
      if (name === undefined) return undefined;
      return arn === undefined
        ? { type: 'IAMUser', id: name, tags: {} }
        : { type: 'IAMUser', id: name, arn, tags: {} };
    }
    case 'AssumedRole': {
      const issuer = identity.sessionContext?.sessionIssuer;
      const name = cleanText(issuer?.userName);
      const arn = cleanText(issuer?.arn);
      if (name === undefined) return undefined;
      return arn === undefined
        ? { type: 'IAMRole', id: name, tags: {} }
        : { type: 'IAMRole', id: name, arn, tags: {} };
    }
    default:
      return undefined;
  }
}

export function cloudTrailResource(record: CloudTrailRecord): AlertResource {
  const scope = {
    accountId: recordAccountId(record) ?? 'unknown',
    region: cleanText(record.awsRegion) ?? 'unknown',
  };
  return (
    fromParameters(record, scope) ??
    fromResources(record) ??
    fromIdentity(record, scope) ?? { type: 'AWSAccount', id: scope.accountId, tags: {} }
  );
}

/** The resource part of a detection's dedupe key. */
export function resourceKey(resource: AlertResource): string {
  return resource.arn ?? `${resource.type}/${resource.id}`;
}
