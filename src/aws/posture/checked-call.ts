import { AwsError } from '../../platform/errors.js';
import type { Checked, CouldNotCheck } from './port.js';

/**
 * Turns the AWS answers that mean "this check cannot run here" into `CouldNotCheck`, and every
 * other failure into an `AwsError` (the SDK has already retried throttling and 5xx; what is
 * left is worth failing the job for, so BullMQ retries it with backoff).
 */

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'AuthorizationError',
  'NotAuthorized',
]);

/** The region is not enabled for the account, or the service is not subscribed there. */
const NOT_ENABLED: Readonly<Record<string, string>> = {
  OptInRequired: 'the region is not enabled for this account',
  UnrecognizedClientException:
    'the region is not enabled for this account (its endpoint does not know the caller)',
  SubscriptionRequiredException: 'the service is not enabled for this account',
};

export interface CallContext {
  /** e.g. `KMS`. */
  service: string;
  /** e.g. `GetKeyRotationStatus`. */
  operation: string;
  /** The IAM action the call needs, e.g. `kms:GetKeyRotationStatus`. */
  action: string;
  /** What the call was about: a bucket, key id or region. */
  target: string;
}

export function awsErrorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'UnknownError';
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' && name !== 'Error' ? name : 'UnknownError';
}

function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata;
  return typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
}

export function couldNotCheckFrom(error: unknown, context: CallContext): CouldNotCheck | undefined {
  const name = awsErrorName(error);
  // A disabled region answers 403 too, so the name is checked before the status.
  const notEnabled = NOT_ENABLED[name];
  if (notEnabled) {
    return {
      couldNotCheck: true,
      reason: `${context.service} ${context.operation} could not run on ${context.target}: ${notEnabled}`,
    };
  }
  if (DENIED.has(name) || httpStatus(error) === 403) {
    return {
      couldNotCheck: true,
      missingPermission: context.action,
      reason: `${context.service} ${context.operation} was denied (${name}) on ${context.target}`,
    };
  }
  return undefined;
}

export function toAwsError(error: unknown, context: CallContext): AwsError {
  return new AwsError({
    service: context.service,
    operation: context.operation,
    awsCode: awsErrorName(error),
    target: context.target,
    missingAction: context.action,
    cause: error,
  });
}

/** Runs `call`; denied or not-enabled becomes `CouldNotCheck`, anything else throws `AwsError`. */
export async function checkedCall<T>(context: CallContext, call: () => Promise<T>): Promise<Checked<T>> {
  try {
    return await call();
  } catch (error) {
    const couldNot = couldNotCheckFrom(error, context);
    if (couldNot) return couldNot;
    throw toAwsError(error, context);
  }
}

/** Maps with at most `limit` calls in flight, keeping the input order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
