import type { PolicyStatement } from '../model.js';

/** Where a statement came from, so a finding can say which statement grants what. */
export interface StatementRef {
  /** `inline:NAME`, `group:G/inline:NAME`, `group:G/POLICY`, or a managed policy's name. */
  readonly source: string;
  readonly sid?: string;
  readonly index: number;
}

export function describeRef(ref: StatementRef): string {
  return `${ref.source} statement ${ref.sid ? `"${ref.sid}"` : `#${ref.index + 1}`}`;
}

/** `Action: "*"` (or `*:*`) — every action of every service. */
export function allowsEveryAction(statement: PolicyStatement): boolean {
  // A plain loop: asked of every statement of every document by several checks.
  for (const a of statement.Action ?? []) if (a === '*' || a === '*:*') return true;
  return false;
}

/** `Resource: "*"` — every resource (and not a NotResource, which is "all but"). */
export function onEveryResource(statement: PolicyStatement): boolean {
  return statement.NotResource === undefined && (statement.Resource?.includes('*') ?? false);
}

export function hasCondition(statement: PolicyStatement): boolean {
  return statement.Condition !== undefined && Object.keys(statement.Condition).length > 0;
}

/** Allow `*` on `*`: full administrative access. */
export function isFullAdmin(statement: PolicyStatement): boolean {
  return statement.Effect === 'Allow' && allowsEveryAction(statement) && onEveryResource(statement);
}

/**
 * A Deny that certainly applies: on every resource and without a condition. A Deny with a
 * condition or on some resources might not apply to the request that matters, so it is not
 * allowed to hide a grant (a finding that is sometimes blocked is still worth a look).
 */
export function isCertainDeny(statement: PolicyStatement): boolean {
  return statement.Effect === 'Deny' && onEveryResource(statement) && !hasCondition(statement);
}
