import type { z } from 'zod';
import type { Problem } from './errors.js';
import { type FormatPathOptions, formatPath } from './format-path.js';

/**
 * How a parser names a field. `prefix` places a finding inside its envelope (`detail` for an
 * EventBridge event); `pascalCase` is for SDK inputs, parsed after their keys were camelCased, so
 * paths are shown as the caller wrote them.
 */
export type PathStyle = Pick<FormatPathOptions, 'prefix' | 'pascalCase'>;

/** A zod failure as Problems: each failing field with its path and what was wrong, in plain words. */
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
