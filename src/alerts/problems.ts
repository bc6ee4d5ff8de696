import type { z } from 'zod';
import { ErrorCode, InputError, type Problem } from '../platform/errors.js';

export interface PathStyle {
  /** Prepended to every path, e.g. `detail` for the finding inside an EventBridge event. */
  readonly prefix?: string;
  /** SDK inputs were parsed after their keys were camelCased; show paths as the caller wrote them. */
  readonly pascalCase?: boolean;
}

/** Joins a zod path into `detail.service.count` / `findings[2].id`. */
export function formatPath(path: readonly PropertyKey[], style: PathStyle = {}): string {
  let out = style.prefix ?? '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
      continue;
    }
    const key = String(segment);
    const shown = style.pascalCase ? key.charAt(0).toUpperCase() + key.slice(1) : key;
    out += out ? `.${shown}` : shown;
  }
  return out || '(root)';
}

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
