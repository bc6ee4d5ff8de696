import type { AwsError } from '../../platform/errors.js';
import { awsErrorFrom } from '../client-config.js';
import { invalidResponseError } from '../tagging/aws-errors.js';

/**
 * The one way the IAM ports describe a call in errors: the IAM action it needs and the role it
 * used, so an AccessDenied tells the operator which line of deploy/iam-policy.json is missing
 * and on which role. `awsErrorFrom` (rather than the tagging port's `toAwsError`) because it
 * carries the role ARN and recognises a bare 403 as access denied.
 */
export interface IamAccount {
  readonly accountId: string;
  /** The role the client assumes; named in permission errors. */
  readonly roleArn?: string;
}

export interface IamCallContext {
  readonly service: 'IAM';
  readonly operation: string;
  readonly action: string;
  readonly target: string;
  readonly roleArn?: string;
}

export function iamCallContext(account: IamAccount, operation: string, about?: string): IamCallContext {
  return {
    service: 'IAM',
    operation,
    action: `iam:${operation}`,
    target: about ? `${about} in account ${account.accountId}` : `account ${account.accountId}`,
    ...(account.roleArn === undefined ? {} : { roleArn: account.roleArn }),
  };
}

/** Sends one call and maps whatever it throws to a typed AwsError naming the action. */
export async function iamCall<T>(context: IamCallContext, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw awsErrorFrom(error, context);
  }
}

/** A response without the shape the API documents (a field missing or mistyped). */
export function invalidIamResponse(context: IamCallContext, problem: string): AwsError {
  return invalidResponseError(context, problem);
}

/** SDK v3 service exceptions carry the AWS error code as `name`. */
export function awsErrorName(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}
