import { formatArn } from './arn.js';

/**
 * ARNs for resources that people name by id. An instance id alone is not enough: its ARN needs
 * the account and region, which come from options (the alert, the CLI flags, the config).
 */

export interface ArnContext {
  readonly accountId?: string;
  readonly region?: string;
  /** @defaultValue 'aws' */
  readonly partition?: string;
}

export function instanceArn(instanceId: string, context: ArnContext): string | undefined {
  if (!context.accountId || !context.region) return undefined;
  return formatArn({
    partition: context.partition ?? 'aws',
    service: 'ec2',
    region: context.region,
    accountId: context.accountId,
    resource: `instance/${instanceId}`,
  });
}

/** Bucket ARNs carry neither account nor region: `arn:aws:s3:::bucket`. */
export function bucketArn(bucket: string, context: Pick<ArnContext, 'partition'> = {}): string {
  return formatArn({
    partition: context.partition ?? 'aws',
    service: 's3',
    region: '',
    accountId: '',
    resource: bucket,
  });
}

export function principalArn(kind: 'user' | 'role', name: string, context: ArnContext): string | undefined {
  if (!context.accountId) return undefined;
  return formatArn({
    partition: context.partition ?? 'aws',
    service: 'iam',
    region: '',
    accountId: context.accountId,
    resource: `${kind}/${name}`,
  });
}

/** An IAM user or role name as IAM allows it. */
export const IAM_NAME = /^[\w+=,.@-]{1,64}$/;
const ASSUMED_ROLE_ARN = /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/([\w+=,.@-]{1,64})\/.+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:.*\/)?([\w+=,.@-]{1,64})$/;
const USER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:user\/(?:.*\/)?([\w+=,.@-]{1,64})$/;
const ROOT_ARN = /^arn:aws[a-z-]*:iam::\d{12}:root$/;

/**
 * The IAM user or role an ARN names: a user or role ARN (any path), or an STS assumed-role
 * session, which belongs to its role. Anything else (the root user, a service) names none.
 */
export function iamPrincipalOfArn(text: string): { kind: 'user' | 'role'; name: string } | undefined {
  const role = ASSUMED_ROLE_ARN.exec(text)?.[1] ?? ROLE_ARN.exec(text)?.[1];
  if (role) return { kind: 'role', name: role };
  const user = USER_ARN.exec(text)?.[1];
  return user ? { kind: 'user', name: user } : undefined;
}

/** The account's root user: `arn:aws:iam::ACCOUNT:root`. */
export function isRootArn(text: string): boolean {
  return ROOT_ARN.test(text);
}
