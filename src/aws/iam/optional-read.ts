import { type AwsError, ErrorCode } from '../../platform/errors.js';
import type { UnreadRawPart } from './port.js';

/**
 * The inventory parts a review can do without (MFA devices, certificates, SAML providers, SCPs):
 * when AWS refuses one, the review goes on and says which part it lacks and why, instead of
 * failing whole. Any other error (throttling past the retries, a malformed answer) still fails
 * the read, so BullMQ retries it.
 */
export type OptionalRead<T> = { readonly value: T } | { readonly unread: UnreadRawPart };

export async function readOptional<T>(
  part: UnreadRawPart['part'],
  read: () => Promise<T>,
): Promise<OptionalRead<T>> {
  try {
    return { value: await read() };
  } catch (error) {
    if (isAwsDenied(error))
      return {
        unread: {
          part,
          reason: `AWS refused ${error.missingAction ?? `${error.service} ${error.operation}`}`,
        },
      };
    throw error;
  }
}

function isAwsDenied(error: unknown): error is AwsError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === ErrorCode.AwsAccessDenied &&
    'operation' in error
  );
}
