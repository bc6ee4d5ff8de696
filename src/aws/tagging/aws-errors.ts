import { AwsError } from '../../platform/errors.js';

/**
 * Turns whatever an SDK v3 call threw into an AwsError that names the IAM action Watchkeeper
 * needed, so an AccessDenied answer tells the operator exactly what to add to its policy.
 */
export interface AwsCallContext {
  readonly service: string;
  readonly operation: string;
  /** The IAM action behind the call, e.g. `tag:GetResources`. */
  readonly action: string;
  /** What the call was about (an ARN, a role name, a tag filter). */
  readonly target: string;
}

export function toAwsError(error: unknown, context: AwsCallContext): AwsError {
  if (error instanceof AwsError) return error;
  return new AwsError({
    service: context.service,
    operation: context.operation,
    awsCode: awsErrorCode(error),
    target: context.target,
    missingAction: context.action,
    cause: error,
  });
}

/** SDK v3 service exceptions carry the AWS error code as `name` (`AccessDeniedException`). */
function awsErrorCode(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { Code?: unknown }).Code;
    if (typeof code === 'string' && code !== '') return code;
    if (error.name && error.name !== 'Error') return error.name;
  }
  return 'UnknownError';
}

/** A response that does not have the shape the API documents (a field missing or mistyped). */
export function invalidResponseError(context: AwsCallContext, problem: string): AwsError {
  return new AwsError({
    service: context.service,
    operation: context.operation,
    awsCode: 'InvalidResponse',
    target: `${context.target}: ${problem}`,
  });
}
