import type { z } from 'zod';
import { ErrorCode, InputError, type Problem } from '../platform/errors.js';
import { type PathStyle, zodProblems } from '../platform/zod-problems.js';

/** Alert parsers' shared ways to refuse an input, naming the shape and each failing field. */

/** Parses with `schema`, or throws an InputError that names the shape and each failing field. */
export function parseAs<S extends z.ZodType>(
  schema: S,
  input: unknown,
  shapeName: string,
  style: PathStyle = {},
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new InputError(`Not a valid ${shapeName}`, zodProblems(result.error, style));
}

/** A rejection that is not a zod failure: the input is readable but cannot make an alert. */
export function reject(shapeName: string, path: string, message: string): InputError {
  return new InputError(`Not a valid ${shapeName}`, [{ path, message }]);
}

export function unrecognized(message: string, problems: readonly Problem[]): InputError {
  return new InputError(message, problems, ErrorCode.InputUnrecognized);
}
