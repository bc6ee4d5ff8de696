import type { z } from 'zod';
import { ErrorCode, InputError, type Problem } from '../platform/errors.js';
import { type FormatPathOptions, formatPath } from '../platform/format-path.js';

/**
 * How alert parsers name a field. `prefix` places a finding inside its envelope (`detail` for an
 * EventBridge event); `pascalCase` is for SDK inputs, parsed after their keys were camelCased, so
 * paths are shown as the caller wrote them.
 */
export type PathStyle = Pick<FormatPathOptions, 'prefix' | 'pascalCase'>;

// Re-exported so alert parsers take it with parseAs and reject; the one implementation lives in
// src/platform/format-path.ts, whose default root label, `(root)`, is the one alerts show.
export { formatPath };

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const received = /received (\w+)/.exec(issue.message)?.[1];
      if (received === 'undefined') return `missing (expected ${issue.expected})`;
      return `expected ${issue.expected}${received ? `, got ${received}` : ''}`;
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.minimum === 1 ? 'must not be empty' : issue.message;
    case 'invalid_union': {
      const expected = issue.errors.flatMap((branch) =>
        branch.flatMap((inner) =>
          inner.code === 'invalid_type' && inner.path.length === 0 ? [inner.expected] : [],
        ),
      );
      return expected.length ? `expected ${[...new Set(expected)].join(' or ')}` : issue.message;
    }
    default:
      return issue.message;
  }
}

export function zodProblems(error: z.ZodError, style: PathStyle = {}): Problem[] {
  return error.issues.map((issue) => ({
    path: formatPath(issue.path, style),
    message: describeIssue(issue),
  }));
}

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
