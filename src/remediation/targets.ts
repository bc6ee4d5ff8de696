import { IAM_NAME, iamPrincipalOfArn, isRootArn } from '../aws/tagging/resource-arns.js';
import type { Incident } from '../incidents/incident.js';

/**
 * What an incident names that containment can act on: an IAM user (and its long-term access
 * key), a role whose temporary credentials were used, an instance, a bucket, a managed policy.
 * Pure: read from the incident's resource and actor only, so the Contain… menu lists just the
 * actions that fit.
 */
export interface IncidentTargets {
  readonly userName?: string;
  /** A long-term key (AKIA…) of `userName`. */
  readonly accessKeyId?: string;
  readonly roleName?: string;
  readonly instanceId?: string;
  readonly bucket?: string;
  readonly policyArn?: string;
  /** The API the actor called (`CreatePolicyVersion`), where the alert names one. */
  readonly api?: string;
}

const POLICY_ARN = /^arn:aws[a-z-]*:iam::\d{12}:policy\/(?:.*\/)?[\w+=,.@-]{1,128}$/;
/**
 * Resource types as GuardDuty/CloudTrail name them and as Security Hub (ASFF) names them, so a
 * finding that arrives through Security Hub offers the same actions as one that arrives directly.
 */
const KIND: Readonly<Record<string, 'user' | 'role' | 'instance' | 'bucket' | 'policy'>> = {
  IAMUser: 'user',
  AwsIamUser: 'user',
  IAMRole: 'role',
  AwsIamRole: 'role',
  Instance: 'instance',
  AwsEc2Instance: 'instance',
  S3Bucket: 'bucket',
  AwsS3Bucket: 'bucket',
  IAMPolicy: 'policy',
  AwsIamPolicy: 'policy',
};
const kindOf = (type: string) => (Object.hasOwn(KIND, type) ? KIND[type] : undefined);

/** EC2 ids are hex; any lowercase alphanumerics are accepted here and EC2 judges the rest (the sandbox's are not hex). */
const INSTANCE_ID = /^i-[0-9a-z]{8,17}$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const LONG_TERM_KEY = /^AKIA[A-Z0-9]{12,124}$/;
const TEMPORARY_KEY = /^ASIA[A-Z0-9]{12,124}$/;

/** The account's root user (CloudTrail's actor `root` too): no IAM user action applies to it. */
const isRootUser = (principal: string) => principal === 'root' || isRootArn(principal);

function userNameOf(arn: string): string | undefined {
  const named = iamPrincipalOfArn(arn);
  return named?.kind === 'user' ? named.name : undefined;
}

function userOf(incident: Incident): string | undefined {
  const { resource, actor } = incident;
  // CloudTrail names the root user's resource "IAMUser root"; containing it needs a person with
  // the root credentials, not an IAM call, so no user action is offered.
  if (isRootUser(actor?.principal ?? '')) return undefined;
  if (kindOf(resource.type) === 'user' && IAM_NAME.test(resource.id)) return resource.id;
  const principal = actor?.principal ?? '';
  const fromArn = userNameOf(principal) ?? (resource.arn ? userNameOf(resource.arn) : undefined);
  if (fromArn) return fromArn;
  // GuardDuty names the key's user in the AccessKey resource; a role session's id has a colon.
  if (
    resource.type === 'AccessKey' &&
    IAM_NAME.test(resource.id) &&
    LONG_TERM_KEY.test(actor?.accessKeyId ?? '')
  )
    return resource.id;
  return undefined;
}

function roleOf(incident: Incident): string | undefined {
  const { resource, actor } = incident;
  if (kindOf(resource.type) === 'role' && IAM_NAME.test(resource.id)) return resource.id;
  const principal = actor?.principal ?? '';
  const named = iamPrincipalOfArn(principal);
  const fromArn = named?.kind === 'role' ? named.name : undefined;
  if (fromArn) return fromArn;
  // GuardDuty names an assumed role's session by the role name in the AccessKey resource, with
  // a temporary key (ASIA…). If that name is not a role after all, the preview says so.
  if (
    resource.type === 'AccessKey' &&
    IAM_NAME.test(resource.id) &&
    TEMPORARY_KEY.test(actor?.accessKeyId ?? '')
  )
    return resource.id;
  return undefined;
}

export function targetsOf(incident: Incident): IncidentTargets {
  const { resource, actor } = incident;
  const userName = userOf(incident);
  const roleName = roleOf(incident);
  const key = actor?.accessKeyId;
  const policyArn = kindOf(resource.type) === 'policy' ? (resource.arn ?? resource.id) : undefined;
  const instanceId = kindOf(resource.type) === 'instance' ? resource.id : undefined;
  return {
    ...(userName ? { userName } : {}),
    ...(userName && key && LONG_TERM_KEY.test(key) ? { accessKeyId: key } : {}),
    ...(roleName ? { roleName } : {}),
    ...(instanceId && INSTANCE_ID.test(instanceId) ? { instanceId } : {}),
    ...(kindOf(resource.type) === 'bucket' && BUCKET.test(resource.id) ? { bucket: resource.id } : {}),
    ...(policyArn && POLICY_ARN.test(policyArn) ? { policyArn } : {}),
    ...(actor?.api ? { api: actor.api } : {}),
  };
}
