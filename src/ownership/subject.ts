import { type Arn, arnResourceName, formatArn, parseArn } from '../aws/tagging/arn.js';
import type { Tags } from '../aws/tagging/port.js';
import { type ArnContext, bucketArn, instanceArn, principalArn } from '../aws/tagging/resource-arns.js';
import type { NameCandidate, OwnerQuery, PrincipalKind } from './query.js';

/**
 * What an ownership look-up is about, whichever way it was asked: a typed `/owner` query, or an
 * alert's resource handed over by incident routing. Everything later steps need (the ARN for
 * the tag port, names for registry globs, the account for its default) is worked out here once.
 */

/** Incident routing's form: the alert's resource, its account and the tags the alert carried. */
export interface OwnerLookup {
  readonly arn?: string;
  readonly resourceId?: string;
  /** The alert's resource type: `Instance`, `S3Bucket`, `AccessKey`, `AWS::CloudWatch::Alarm`… */
  readonly resourceType?: string;
  readonly accountId: string;
  readonly region?: string;
  readonly tags?: Tags;
}

export type OwnedResourceKind =
  | 'resource'
  | 'instance'
  | 'bucket'
  | 'principal'
  | 'account'
  | 'tag'
  | 'access-key';

export interface OwnedResource {
  readonly kind: OwnedResourceKind;
  /** How the answer names it: `EC2 instance i-0abc…`, `IAM role deployer`, `account 1111…`. */
  readonly label: string;
  readonly arn?: string;
  /** The id a person would type: instance id, bucket name, principal name, account id. */
  readonly id?: string;
  /** Candidates for `resource:` globs in owners.yaml. */
  readonly names: readonly string[];
  readonly accountId?: string;
  readonly region?: string;
  readonly principal?: { readonly kind: PrincipalKind; readonly name: string };
  readonly tag?: { readonly key: string; readonly value: string };
}

export function isOwnerQuery(input: OwnerQuery | OwnerLookup): input is OwnerQuery {
  return 'kind' in input && 'text' in input;
}

export function describeQuery(query: OwnerQuery, context: ArnContext): OwnedResource {
  switch (query.kind) {
    case 'arn':
      return fromArn(query.arn, query.text, context);
    case 'instance':
      return instance(query.instanceId, context);
    case 'bucket':
      return bucket(query.bucket, context);
    case 'account':
      return {
        kind: 'account',
        label: `account ${query.accountId}`,
        id: query.accountId,
        names: [],
        accountId: query.accountId,
      };
    case 'principal':
      return principal(query.principalKind, query.name, query.arn, context);
    case 'tag':
      return {
        kind: 'tag',
        label: `resources tagged ${query.key}=${query.value}`,
        names: [],
        tag: { key: query.key, value: query.value },
        ...optional({ accountId: context.accountId }),
      };
    case 'access-key':
      return {
        kind: 'access-key',
        label: `access key ${query.accessKeyId}`,
        id: query.accessKeyId,
        names: [query.accessKeyId],
        ...optional({ accountId: context.accountId }),
      };
    case 'name':
      return describeCandidate(query.name, query.candidates[0] ?? 'role', context);
  }
}

/** One kind a bare name may be, described as if it had been asked for by that kind. */
export function describeCandidate(
  name: string,
  candidate: NameCandidate,
  context: ArnContext,
): OwnedResource {
  return candidate === 'bucket' ? bucket(name, context) : principal(candidate, name, undefined, context);
}

/** How people name the kinds a bare name was tried as: `IAM role`, `IAM user`, `S3 bucket`. */
export const CANDIDATE_LABELS: Readonly<Record<NameCandidate, string>> = {
  role: 'IAM role',
  user: 'IAM user',
  bucket: 'S3 bucket',
};

/** AWS's own names for services, for labels built from an ARN (`EC2 instance`, never `Ec2 instance`). */
const SERVICE_NAMES: Readonly<Record<string, string>> = {
  ec2: 'EC2',
  s3: 'S3',
  iam: 'IAM',
  sts: 'STS',
  lambda: 'Lambda',
  rds: 'RDS',
  sns: 'SNS',
  sqs: 'SQS',
  kms: 'KMS',
  dynamodb: 'DynamoDB',
  ecs: 'ECS',
  eks: 'EKS',
  ecr: 'ECR',
  elasticloadbalancing: 'Elastic Load Balancing',
  logs: 'CloudWatch Logs',
  cloudwatch: 'CloudWatch',
  cloudtrail: 'CloudTrail',
  secretsmanager: 'Secrets Manager',
  ssm: 'Systems Manager',
  guardduty: 'GuardDuty',
  apigateway: 'API Gateway',
  cloudfront: 'CloudFront',
  route53: 'Route 53',
  states: 'Step Functions',
  events: 'EventBridge',
  es: 'OpenSearch',
  elasticache: 'ElastiCache',
  redshift: 'Redshift',
  kinesis: 'Kinesis',
  glue: 'Glue',
  athena: 'Athena',
  sagemaker: 'SageMaker',
};

/** Services whose ARNs name the resource without a type (`arn:aws:sns:…:topic-name`). */
const UNTYPED_RESOURCES: Readonly<Record<string, string>> = { sns: 'topic', sqs: 'queue' };

/** `EC2 security group`, `Lambda function`, `SNS topic`: the service as AWS writes it. */
function arnKindLabel(arn: Arn): string {
  const service = SERVICE_NAMES[arn.service] ?? arn.service;
  const type = arn.resourceType
    ? arn.resourceType.replace(/[-_]+/g, ' ')
    : (UNTYPED_RESOURCES[arn.service] ?? 'resource');
  return `${service} ${type}`;
}

export function describeLookup(lookup: OwnerLookup, context: ArnContext): OwnedResource {
  const scoped: ArnContext = {
    ...context,
    accountId: lookup.accountId,
    ...optional({ region: lookup.region }),
  };
  if (lookup.arn) {
    const parsed = parseArn(lookup.arn);
    if (parsed.ok) return fromArn(parsed.arn, lookup.arn, scoped);
  }
  const id = lookup.resourceId?.trim();
  const type = lookup.resourceType ?? '';
  if (!id)
    return describeQuery({ kind: 'account', text: lookup.accountId, accountId: lookup.accountId }, scoped);
  if (/instance/i.test(type) || /^i-[0-9a-f]{8}([0-9a-f]{9})?$/.test(id)) return instance(id, scoped);
  if (/bucket/i.test(type)) return bucket(id, scoped);
  // GuardDuty's AccessKey resource names the IAM user that owns the key.
  if (/accesskey|iamuser|^user$/i.test(type)) return principal('user', id, undefined, scoped);
  if (/role/i.test(type)) return principal('role', id, undefined, scoped);
  return {
    kind: 'resource',
    label: `${type || 'resource'} ${id}`,
    id,
    names: [id],
    accountId: lookup.accountId,
    ...optional({ arn: lookup.arn, region: scoped.region }),
  };
}

function fromArn(arn: Arn, text: string, context: ArnContext): OwnedResource {
  const iamType = arn.service === 'iam' ? arn.resourceType : undefined;
  if (iamType === 'user' || iamType === 'role') return principal(iamType, arnResourceName(arn), arn, context);
  if (arn.service === 's3' && arn.accountId === '' && !arn.resource.includes('/')) {
    return { ...bucket(arn.resource, { ...context, partition: arn.partition }), arn: text };
  }
  const name = arnResourceName(arn);
  return {
    kind: 'resource',
    label: `${arnKindLabel(arn)} ${name}`,
    arn: text,
    id: name,
    names: unique([name, arn.resourceId, arn.resource]),
    ...optional({ accountId: arn.accountId || context.accountId, region: arn.region || undefined }),
  };
}

function instance(instanceId: string, context: ArnContext): OwnedResource {
  return {
    kind: 'instance',
    label: `EC2 instance ${instanceId}`,
    id: instanceId,
    names: [instanceId],
    ...optional({
      arn: instanceArn(instanceId, context),
      accountId: context.accountId,
      region: context.region,
    }),
  };
}

function bucket(name: string, context: ArnContext): OwnedResource {
  return {
    kind: 'bucket',
    label: `S3 bucket ${name}`,
    arn: bucketArn(name, context),
    id: name,
    names: [name],
    // A bucket ARN has no account: the caller's account is the best guess for account rules.
    ...optional({ accountId: context.accountId }),
  };
}

function principal(
  kind: PrincipalKind,
  name: string,
  arn: Arn | undefined,
  context: ArnContext,
): OwnedResource {
  const accountId = arn?.accountId || context.accountId;
  const arnText = arn ? formatArn(arn) : principalArn(kind, name, { ...context, ...optional({ accountId }) });
  return {
    kind: 'principal',
    label: `IAM ${kind} ${name}`,
    id: name,
    names: unique([name, `${kind}/${name}`, ...(arn ? [arn.resource] : [])]),
    principal: { kind, name },
    ...optional({ arn: arnText, accountId }),
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))];
}

/** Keeps only the defined properties, so results fit `exactOptionalPropertyTypes`. */
function optional<T extends Record<string, string | undefined>>(values: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== '')) as {
    [K in keyof T]?: string;
  };
}
