import { readFileSync } from 'node:fs';

/**
 * Compares IAM policy statements by Sid, so a template's inline policy can be held equal to
 * deploy/iam-policy.json and a difference names the statement and the exact actions.
 */

export interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
}

export function readPolicyFile(url: URL): PolicyStatement[] {
  const policy = JSON.parse(readFileSync(url, 'utf8')) as { Statement: PolicyStatement[] };
  return policy.Statement;
}

const actionsOf = (statement: PolicyStatement) =>
  new Set(Array.isArray(statement.Action) ? statement.Action : [statement.Action]);

/** Every way `actual` differs from `expected`, one line each; empty when they grant the same actions. */
export function statementDifferences(
  expected: readonly PolicyStatement[],
  actual: readonly PolicyStatement[],
): string[] {
  const differences: string[] = [];
  const bySid = (statements: readonly PolicyStatement[]) =>
    new Map(statements.map((s) => [s.Sid ?? '(no Sid)', s]));
  const want = bySid(expected);
  const have = bySid(actual);
  for (const [sid, statement] of want) {
    const found = have.get(sid);
    if (!found) {
      differences.push(`statement ${sid} is missing (actions ${[...actionsOf(statement)].join(', ')})`);
      continue;
    }
    if (found.Effect !== statement.Effect)
      differences.push(`statement ${sid}: Effect ${found.Effect}, expected ${statement.Effect}`);
    const wanted = actionsOf(statement);
    const had = actionsOf(found);
    const missing = [...wanted].filter((a) => !had.has(a));
    const extra = [...had].filter((a) => !wanted.has(a));
    if (missing.length) differences.push(`statement ${sid} lacks ${missing.join(', ')}`);
    if (extra.length) differences.push(`statement ${sid} has extra ${extra.join(', ')}`);
    if (JSON.stringify(found.Resource) !== JSON.stringify(statement.Resource))
      differences.push(
        `statement ${sid}: Resource ${JSON.stringify(found.Resource)}, expected ${JSON.stringify(statement.Resource)}`,
      );
  }
  for (const sid of have.keys())
    if (!want.has(sid)) differences.push(`statement ${sid} is not in the policy file`);
  return differences;
}
