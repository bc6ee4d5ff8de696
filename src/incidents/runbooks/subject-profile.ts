/**
 * Who acted and on what, as runbook steps need it: an IAM user, a role session, root or an AWS
 * service; a long-term (AKIA) or temporary (ASIA) key; whether the resource was the target or
 * the source of network traffic; and what kind of resource it is (an instance is not a snapshot).
 * Read from the alert's actor and resource and from the key facts its normalizer wrote; nothing
 * here reads the raw payload. Pure.
 */

export const PRINCIPAL_KINDS = [
  'iam-user',
  'role-session',
  'root',
  'aws-service',
  'federated-user',
  /** An actor is named, but nothing says whether it is a user or a role. */
  'unknown',
  /** The alert names no actor. */
  'none',
] as const;
export type PrincipalKind = (typeof PRINCIPAL_KINDS)[number];

export const ACCESS_KEY_KINDS = ['long-term', 'temporary', 'none'] as const;
export type AccessKeyKind = (typeof ACCESS_KEY_KINDS)[number];

/** For network findings: `target` = the resource was reached (inbound), `source` = it reached out. */
export const RESOURCE_ROLES = ['target', 'source', 'unknown'] as const;
export type ResourceRole = (typeof RESOURCE_ROLES)[number];

export const RESOURCE_KINDS = [
  'instance',
  'volume',
  'snapshot',
  'ami',
  'backup',
  's3-object',
  's3-bucket',
  'container',
  'kubernetes-cluster',
  'lambda',
  'database',
  'access-key',
  'iam-user',
  'iam-role',
  'iam-group',
  'iam-policy',
  'account',
  'other',
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** The parts of an Alert or Incident the profile reads. */
export interface ProfileInput {
  readonly type: string;
  readonly accountId?: string | undefined;
  readonly resource?:
    | { readonly id: string; readonly type: string; readonly arn?: string | undefined }
    | undefined;
  readonly actor?:
    | { readonly principal?: string | undefined; readonly accessKeyId?: string | undefined }
    | undefined;
  readonly facts?: ReadonlyArray<{ readonly label: string; readonly value: string }> | undefined;
}

export interface SubjectProfile {
  readonly principal: PrincipalKind;
  readonly accessKey: AccessKeyKind;
  readonly resourceRole: ResourceRole;
  readonly resourceKind: ResourceKind;
  /** Set whenever `principal` is `iam-user`. */
  readonly userName?: string;
  /** Set whenever `principal` is `role-session`. */
  readonly roleName?: string;
  readonly sessionName?: string;
  /** The AWS service a call came through (`iam.amazonaws.com`), never the actor itself. */
  readonly viaService?: string;
  /** The id of a scanned snapshot, AMI, recovery point or volume (malware findings). */
  readonly scannedId?: string;
  /** The EC2 instance the resource is or runs on (a container's host), when known. */
  readonly hostInstanceId?: string;
}

const USER_ARN = /^arn:aws[a-z-]*:iam::[^:]*:user\/(?:[^/]+\/)*([^/]+)$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::[^:]*:role\/(?:[^/]+\/)*([^/]+)$/;
const ASSUMED_ROLE_ARN = /^arn:aws[a-z-]*:sts::[^:]*:assumed-role\/([^/]+)\/(.+)$/;
const FEDERATED_ARN = /^arn:aws[a-z-]*:sts::[^:]*:federated-user\/(.+)$/;
const ROOT_ARN = /^arn:aws[a-z-]*:iam::[^:]*:root$/;
const SERVICE_PRINCIPAL = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/i;
const IAM_NAME = /^[\w+=,.@-]{1,128}$/;

/** The fact labels the GuardDuty normalizer writes (src/alerts/guardduty/facts). */
const FACT = { caller: 'Caller', direction: 'Direction', scanned: 'Scanned', host: 'Host' } as const;

function factValue(input: ProfileInput, label: string): string | undefined {
  return input.facts?.find((f) => f.label === label)?.value.trim() || undefined;
}

interface Principal {
  readonly kind: PrincipalKind;
  readonly userName?: string;
  readonly roleName?: string;
  readonly sessionName?: string;
  readonly viaService?: string;
}

function fromArn(principal: string): Principal | undefined {
  const assumed = ASSUMED_ROLE_ARN.exec(principal);
  if (assumed?.[1] && assumed[2])
    return { kind: 'role-session', roleName: assumed[1], sessionName: assumed[2] };
  const role = ROLE_ARN.exec(principal)?.[1];
  if (role) return { kind: 'role-session', roleName: role };
  const user = USER_ARN.exec(principal)?.[1];
  if (user) return { kind: 'iam-user', userName: user };
  if (ROOT_ARN.test(principal) || /^root$/i.test(principal)) return { kind: 'root' };
  if (FEDERATED_ARN.test(principal)) return { kind: 'federated-user' };
  if (SERVICE_PRINCIPAL.test(principal)) return { kind: 'aws-service', viaService: principal };
  return undefined;
}

/**
 * The `Caller` fact: `role web-app-role, session i-0abc`, `user alice`, `root user`,
 * `federated user bob`, each optionally followed by `via iam.amazonaws.com`.
 */
function fromCallerFact(caller: string): Principal | undefined {
  const via = / via (\S+)$/.exec(caller)?.[1];
  const who = via === undefined ? caller : caller.slice(0, caller.length - via.length - 5);
  const withVia = via === undefined ? {} : { viaService: via };
  const role = /^role (\S+?)(?:, session (\S+))?$/.exec(who);
  if (role?.[1]) {
    return {
      kind: 'role-session',
      roleName: role[1],
      ...(role[2] ? { sessionName: role[2] } : {}),
      ...withVia,
    };
  }
  const user = /^user (\S+)$/.exec(who)?.[1];
  if (user) return { kind: 'iam-user', userName: user, ...withVia };
  if (who === 'root user') return { kind: 'root', ...withVia };
  if (who.startsWith('federated user')) return { kind: 'federated-user', ...withVia };
  if (who === 'unknown principal' && via) return { kind: 'aws-service', viaService: via };
  return undefined;
}

function principalOf(input: ProfileInput): Principal {
  const principal = input.actor?.principal?.trim() ?? '';
  const fromPrincipal = principal === '' ? undefined : fromArn(principal);
  if (fromPrincipal && fromPrincipal.kind !== 'aws-service') return fromPrincipal;
  const caller = factValue(input, FACT.caller);
  const fromFact = caller === undefined ? undefined : fromCallerFact(caller);
  if (fromFact) return fromFact;
  if (fromPrincipal) return fromPrincipal;
  if (input.resource?.type === 'AccessKey' && input.resource.arn && ROOT_ARN.test(input.resource.arn)) {
    return { kind: 'root' };
  }
  // A bare name next to a long-term key (AKIA…) is the IAM user that owns the key; next to a
  // temporary key it could be a role or a user's session, so it stays undecided.
  const key = input.actor?.accessKeyId ?? '';
  if (principal !== '' && key.startsWith('AKIA') && IAM_NAME.test(principal)) {
    return { kind: 'iam-user', userName: principal };
  }
  return { kind: principal === '' ? 'none' : 'unknown' };
}

function accessKeyOf(input: ProfileInput): AccessKeyKind {
  const key = input.actor?.accessKeyId ?? '';
  if (key.startsWith('AKIA')) return 'long-term';
  if (key.startsWith('ASIA')) return 'temporary';
  return 'none';
}

function resourceRoleOf(input: ProfileInput): ResourceRole {
  const direction = factValue(input, FACT.direction)?.toLowerCase() ?? '';
  if (direction.startsWith('inbound')) return 'target';
  if (direction.startsWith('outbound')) return 'source';
  return 'unknown';
}

/** `Execution:EC2/MaliciousFile!Snapshot`: GuardDuty names the scanned kind in the type. */
const KIND_BY_TYPE_SUFFIX: ReadonlyArray<[RegExp, ResourceKind]> = [
  [/!Snapshot$/i, 'snapshot'],
  [/!AMI$/i, 'ami'],
  [/!RecoveryPoint$/i, 'backup'],
  [/!Volume$/i, 'volume'],
];

/** The `Scanned` fact of malware findings: `AMI ami-0abc`, `EBS snapshot snap-0abc`, … */
const KIND_BY_SCANNED: ReadonlyArray<[RegExp, ResourceKind]> = [
  [/^S3 object /, 's3-object'],
  [/^EBS snapshot /, 'snapshot'],
  [/^AMI /, 'ami'],
  [/^Backup recovery point /, 'backup'],
  [/^EC2 instance /, 'instance'],
  [/^EBS volume /, 'volume'],
  [/^container /, 'container'],
];

const KIND_BY_RESOURCE_TYPE: Readonly<Record<string, ResourceKind>> = {
  Instance: 'instance',
  AwsEc2Instance: 'instance',
  'AWS::EC2::Instance': 'instance',
  EBSVolume: 'volume',
  AwsEc2Volume: 'volume',
  'AWS::EC2::Volume': 'volume',
  EBSSnapshot: 'snapshot',
  'AWS::EC2::Snapshot': 'snapshot',
  EC2Image: 'ami',
  AMI: 'ami',
  RecoveryPoint: 'backup',
  S3Object: 's3-object',
  AwsS3Object: 's3-object',
  S3Bucket: 's3-bucket',
  AwsS3Bucket: 's3-bucket',
  'AWS::S3::Bucket': 's3-bucket',
  Container: 'container',
  ECSCluster: 'container',
  EKSCluster: 'kubernetes-cluster',
  AwsEksCluster: 'kubernetes-cluster',
  Lambda: 'lambda',
  AwsLambdaFunction: 'lambda',
  RDSDBInstance: 'database',
  RDSLimitlessDB: 'database',
  AwsRdsDbInstance: 'database',
  AccessKey: 'access-key',
  IAMUser: 'iam-user',
  AwsIamUser: 'iam-user',
  'AWS::IAM::User': 'iam-user',
  IAMRole: 'iam-role',
  AwsIamRole: 'iam-role',
  'AWS::IAM::Role': 'iam-role',
  IAMGroup: 'iam-group',
  'AWS::IAM::Group': 'iam-group',
  IAMPolicy: 'iam-policy',
  AwsIamPolicy: 'iam-policy',
  'AWS::IAM::Policy': 'iam-policy',
  AWSAccount: 'account',
  AwsAccount: 'account',
};

function resourceKindOf(input: ProfileInput, scanned: string | undefined): ResourceKind {
  const bySuffix = KIND_BY_TYPE_SUFFIX.find(([pattern]) => pattern.test(input.type))?.[1];
  if (bySuffix) return bySuffix;
  const byScan = scanned === undefined ? undefined : KIND_BY_SCANNED.find(([p]) => p.test(scanned))?.[1];
  if (byScan) return byScan;
  const type = input.resource?.type ?? '';
  return Object.hasOwn(KIND_BY_RESOURCE_TYPE, type) ? (KIND_BY_RESOURCE_TYPE[type] ?? 'other') : 'other';
}

const SCANNED_ID = /^(?:EBS snapshot|AMI|Backup recovery point|EBS volume) (\S+)/;

/** The scanned snapshot/AMI/recovery point/volume id, from the fact or the resource itself. */
function scannedIdOf(
  input: ProfileInput,
  scanned: string | undefined,
  kind: ResourceKind,
): string | undefined {
  const fromFact = scanned === undefined ? undefined : SCANNED_ID.exec(scanned)?.[1];
  if (fromFact) return fromFact;
  if (!['snapshot', 'ami', 'backup', 'volume'].includes(kind)) return undefined;
  const id = input.resource?.id;
  // With nothing better, normalizers put the account id there: that is not the scanned resource.
  if (id && id !== input.accountId && !/^\d{12}$/.test(id)) return id;
  const arnTail = input.resource?.arn?.split(/[:/]/).pop();
  return arnTail && !/^\d{12}$/.test(arnTail) ? arnTail : undefined;
}

const INSTANCE_ID = /\b(i-[0-9a-f]{8,17})\b/;

/** The instance itself, or the host a container runs on (`Host: instance i-0abc…`). */
function hostInstanceOf(input: ProfileInput, kind: ResourceKind): string | undefined {
  if (kind === 'instance' && input.resource?.id && INSTANCE_ID.test(input.resource.id))
    return input.resource.id;
  const host = factValue(input, FACT.host);
  return host === undefined ? undefined : INSTANCE_ID.exec(host)?.[1];
}

export function profileOf(input: ProfileInput): SubjectProfile {
  const { kind, ...names } = principalOf(input);
  const scanned = factValue(input, FACT.scanned);
  const resourceKind = resourceKindOf(input, scanned);
  const scannedId = scannedIdOf(input, scanned, resourceKind);
  const hostInstanceId = hostInstanceOf(input, resourceKind);
  return {
    ...names,
    principal: kind,
    accessKey: accessKeyOf(input),
    resourceRole: resourceRoleOf(input),
    resourceKind,
    ...(scannedId ? { scannedId } : {}),
    ...(hostInstanceId ? { hostInstanceId } : {}),
  };
}
