import type { AlertResource } from '../alert.js';
import { cleanText, firstText, tagsToRecord } from '../text.js';
import type { GuardDutyResource } from './schema.js';

/**
 * The affected resource of a finding, with the most specific id each resource type offers
 * (GuardDuty `resource.resourceType` values as documented, plus a generic fallback for types
 * added later). ARNs are kept only when they are ARNs: generated sample findings put
 * placeholders such as `GeneratedFindingEKSClusterArn` there.
 */

interface FindingScope {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
}

function arnOrUndefined(value: string | null | undefined): string | undefined {
  const cleaned = cleanText(value);
  return cleaned?.startsWith('arn:') ? cleaned : undefined;
}

function build(
  type: string,
  id: string,
  arn: string | undefined,
  tags: Record<string, string>,
): AlertResource {
  return arn === undefined ? { type, id, tags } : { type, id, arn, tags };
}

function instance(resource: GuardDutyResource, scope: FindingScope): AlertResource | undefined {
  const id = cleanText(resource.instanceDetails?.instanceId);
  if (id === undefined) return undefined;
  const arn = `arn:${scope.partition}:ec2:${scope.region}:${scope.accountId}:instance/${id}`;
  return build('Instance', id, arn, tagsToRecord(resource.instanceDetails?.tags));
}

function accessKey(resource: GuardDutyResource, scope: FindingScope): AlertResource | undefined {
  const details = resource.accessKeyDetails;
  const id = firstText(details?.userName, details?.principalId, details?.accessKeyId);
  if (id === undefined) return undefined;
  // Only a root key's ARN can be derived; users and roles may live under a path.
  const arn =
    details?.userType === 'Root' ? `arn:${scope.partition}:iam::${scope.accountId}:root` : undefined;
  return build('AccessKey', id, arn, {});
}

function s3Bucket(resource: GuardDutyResource): AlertResource | undefined {
  const bucket = resource.s3BucketDetails?.find((b) => cleanText(b.name) ?? arnOrUndefined(b.arn));
  if (bucket === undefined) return undefined;
  const arn = arnOrUndefined(bucket.arn);
  const id = cleanText(bucket.name) ?? arn?.split(':').pop() ?? '';
  return build('S3Bucket', id, arn, tagsToRecord(bucket.tags));
}

function eksCluster(resource: GuardDutyResource): AlertResource | undefined {
  const cluster = resource.eksClusterDetails;
  const id = firstText(cluster?.name, cluster?.arn);
  if (id === undefined) return undefined;
  return build('EKSCluster', id, arnOrUndefined(cluster?.arn), tagsToRecord(cluster?.tags));
}

function ecsCluster(resource: GuardDutyResource): AlertResource | undefined {
  const cluster = resource.ecsClusterDetails;
  const id = firstText(cluster?.name, cluster?.arn);
  if (id === undefined) return undefined;
  return build('ECSCluster', id, arnOrUndefined(cluster?.arn), tagsToRecord(cluster?.tags));
}

/** Runtime findings name a container and where it runs: an instance, an ECS task or an EKS pod. */
function container(resource: GuardDutyResource, scope: FindingScope): AlertResource | undefined {
  const details = resource.containerDetails;
  const host = instance(resource, scope) ?? ecsCluster(resource) ?? eksCluster(resource);
  const id = firstText(details?.name, details?.id, resource.ecsClusterDetails?.taskDetails?.arn);
  if (id === undefined) return host && { ...host, type: 'Container' };
  return build('Container', id, undefined, host?.tags ?? {});
}

function lambda(resource: GuardDutyResource): AlertResource | undefined {
  const fn = resource.lambdaDetails;
  const arn = arnOrUndefined(fn?.functionArn);
  const id = cleanText(fn?.functionName) ?? arn?.split(':')[6];
  if (id === undefined) return undefined;
  return build('Lambda', id, arn, tagsToRecord(fn?.tags));
}

function rdsInstance(resource: GuardDutyResource): AlertResource | undefined {
  const db = resource.rdsDbInstanceDetails;
  const id = firstText(db?.dbInstanceIdentifier, db?.dbInstanceArn);
  if (id === undefined) return undefined;
  return build('RDSDBInstance', id, arnOrUndefined(db?.dbInstanceArn), tagsToRecord(db?.tags));
}

function rdsLimitless(resource: GuardDutyResource): AlertResource | undefined {
  const db = resource.rdsLimitlessDbDetails;
  const id = firstText(db?.dbShardGroupIdentifier, db?.dbShardGroupArn);
  if (id === undefined) return undefined;
  return build('RDSLimitlessDB', id, arnOrUndefined(db?.dbShardGroupArn), tagsToRecord(db?.tags));
}

/** The id at the end of an ARN: `snap-0abc` from `arn:aws:ec2:eu-west-1::snapshot/snap-0abc`. */
function arnId(arn: string | undefined): string | undefined {
  return arn?.split(':').slice(5).join(':').split('/').pop() || undefined;
}

/** Scanned by Malware Protection: an EBS snapshot, an AMI or a backup recovery point, never an instance. */
function scanned(type: string, arnOf: (resource: GuardDutyResource) => string | null | undefined): Deriver {
  return (resource) => {
    const raw = cleanText(arnOf(resource));
    const arn = arnOrUndefined(raw);
    const id = arnId(arn) ?? raw;
    return id === undefined ? undefined : build(type, id, arn, {});
  };
}

const ebsSnapshot = scanned('EBSSnapshot', (r) => r.ebsSnapshotDetails?.snapshotArn);
const ec2Image = scanned('EC2Image', (r) => r.ec2ImageDetails?.imageArn);
const recoveryPoint = scanned('RecoveryPoint', (r) => r.recoveryPointDetails?.recoveryPointArn);

type Deriver = (resource: GuardDutyResource, scope: FindingScope) => AlertResource | undefined;

const BY_TYPE: Readonly<Record<string, Deriver>> = {
  Instance: instance,
  AccessKey: accessKey,
  S3Bucket: s3Bucket,
  EKSCluster: eksCluster,
  ECSCluster: ecsCluster,
  Container: container,
  Lambda: lambda,
  RDSDBInstance: rdsInstance,
  RDSLimitlessDB: rdsLimitless,
  EBSSnapshot: ebsSnapshot,
  EC2Image: ec2Image,
  RecoveryPoint: recoveryPoint,
};

/** Tried in order when the declared type has no details block, or the type is new to us. */
const FALLBACKS: readonly Deriver[] = [
  instance,
  eksCluster,
  ecsCluster,
  lambda,
  rdsInstance,
  rdsLimitless,
  s3Bucket,
  accessKey,
  ebsSnapshot,
  ec2Image,
  recoveryPoint,
];

export function guardDutyResource(
  resource: GuardDutyResource | null | undefined,
  scope: FindingScope,
): AlertResource {
  const declared = cleanText(resource?.resourceType);
  if (resource) {
    const derive = declared !== undefined && Object.hasOwn(BY_TYPE, declared) ? BY_TYPE[declared] : undefined;
    const found = derive?.(resource, scope) ?? FALLBACKS.map((f) => f(resource, scope)).find(Boolean);
    if (found) return declared === undefined ? found : { ...found, type: declared };
  }
  // Nothing names the resource: the account is the most specific thing left.
  return { type: declared ?? 'Unknown', id: scope.accountId, tags: {} };
}
