import { z } from 'zod';
import { InputError } from '../../platform/errors.js';
import { zodProblems } from '../../platform/zod-problems.js';

/**
 * The IAM list calls' answers in the shapes the AWS CLI prints (`{"VirtualMFADevices": [...]}`,
 * `{"ServerCertificateMetadataList": [...]}`, `{"SAMLProviderList": [...]}`), or their bare lists
 * (what the SDK port stores). One reader so the three parsers name a wrong input the same way.
 */
export function listedItems<T>(
  input: unknown,
  key: string,
  item: z.ZodType<T>,
  source: string,
  expected: string,
): T[] {
  const inner =
    typeof input === 'object' && input !== null && !Array.isArray(input) && key in input
      ? (input as Record<string, unknown>)[key]
      : input;
  const parsed = z.array(item).safeParse(inner);
  if (!parsed.success)
    throw new InputError(`${source} is not valid: expected ${expected}`, zodProblems(parsed.error));
  return parsed.data;
}
