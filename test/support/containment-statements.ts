import { expect } from 'vitest';
import { type PolicyStatement, readPolicyFile, statementDifferences } from './policy-statements.js';

/**
 * Both CloudFormation templates grant containment per action: a `Contain<Action>` parameter adds
 * exactly the `Remediation<Action>` statement of deploy/iam-policy.remediation.json, plus
 * `RemediationPreflightSimulation` when any is on. Checks a template's role against the file for
 * each action alone and for all of them.
 */
const containmentFile = readPolicyFile(new URL('../../deploy/iam-policy.remediation.json', import.meta.url));
const PREFLIGHT = 'RemediationPreflightSimulation';
const ACTIONS = containmentFile
  .map((s) => String(s.Sid))
  .filter((sid) => sid !== PREFLIGHT)
  .map((sid) => sid.replace(/^Remediation/, ''));

export function expectContainmentPerAction(
  granted: (parameters: Record<string, string>) => PolicyStatement[],
  withoutContainment: readonly PolicyStatement[],
): void {
  expect(ACTIONS).toHaveLength(6);
  for (const action of ACTIONS) {
    const expected = [
      ...withoutContainment,
      ...containmentFile.filter((s) => s.Sid === `Remediation${action}` || s.Sid === PREFLIGHT),
    ];
    expect(
      statementDifferences(expected, granted({ [`Contain${action}`]: 'true' })),
      `Contain${action}`,
    ).toEqual([]);
  }
  const everything = Object.fromEntries(ACTIONS.map((a) => [`Contain${a}`, 'true']));
  expect(statementDifferences([...withoutContainment, ...containmentFile], granted(everything))).toEqual([]);
}
