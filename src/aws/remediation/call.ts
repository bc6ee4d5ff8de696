import type { AwsError } from '../../platform/errors.js';
import { awsErrorFrom } from '../client-config.js';

/**
 * How a containment call is described in errors: the service, operation, IAM action it needs,
 * what it was about and the role it used, so an AccessDenied names the missing permission and a
 * NoSuchEntity says what was not there, in one line a responder can read in the thread.
 */
export interface RemediationCallScope {
  readonly accountId: string;
  readonly region: string;
  readonly roleArn?: string;
}

export interface RemediationCall {
  readonly service: 'IAM' | 'EC2' | 'S3';
  readonly operation: string;
  /** The IAM action the call needs, e.g. `s3:PutBucketPublicAccessBlock`. */
  readonly action: string;
  /** What it is about: `user ines.okafor`, `instance i-0abc…`. */
  readonly about: string;
}

/** SDK v3 service exceptions carry the AWS error code as `name`. */
export function errorNameOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

export function remediationError(
  scope: RemediationCallScope,
  call: RemediationCall,
  error: unknown,
): AwsError {
  return awsErrorFrom(error, {
    service: call.service,
    operation: call.operation,
    action: call.action,
    target: `${call.about} in ${scope.accountId}/${scope.region}`,
    ...(scope.roleArn === undefined ? {} : { roleArn: scope.roleArn }),
  });
}

/**
 * Sends one call. `absentWhen` names the AWS error codes that mean "not there" for this call
 * (NoSuchEntity on a read); then `absent` is returned instead of an error.
 */
export async function sendCall<T, A = never>(
  scope: RemediationCallScope,
  call: RemediationCall,
  send: () => Promise<T>,
  absent?: { readonly when: readonly string[]; readonly value: A },
): Promise<T | A> {
  try {
    return await send();
  } catch (error) {
    const name = errorNameOf(error);
    if (absent && name !== undefined && absent.when.includes(name)) return absent.value;
    throw remediationError(scope, call, error);
  }
}
