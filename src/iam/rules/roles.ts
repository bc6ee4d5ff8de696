import type { CheckModule } from '../checks/check.js';
import { hasCondition } from '../engine/statements.js';
import type { CheckDefinition, Finding, IamRole, PolicyStatement } from '../model.js';
import { daysSince, findingOf, listSome } from './define.js';
import { THRESHOLDS } from './thresholds.js';
import { accountOf, awsPrincipals, conditionKeys, GUARD_KEYS, SERVICE_LINKED } from './trust-policy.js';

export const TRUSTS_ANYONE: CheckDefinition = {
  id: 'WK-IAM-ROLE-1',
  area: 'roles',
  title: 'Role can be assumed by any AWS principal, without conditions',
  severity: 'critical',
  fix: 'Name the accounts or roles that may assume it in the trust policy, or add conditions (aws:PrincipalOrgID, sts:ExternalId).',
};
export const TRUSTS_ANYONE_WITH_CONDITIONS: CheckDefinition = {
  id: 'WK-IAM-ROLE-2',
  area: 'roles',
  title: 'Role can be assumed by any AWS principal, limited only by conditions',
  severity: 'medium',
  fix: 'Check the conditions really limit who can assume it; prefer naming the trusted principals.',
};
export const CROSS_ACCOUNT_UNGUARDED: CheckDefinition = {
  id: 'WK-IAM-ROLE-3',
  area: 'roles',
  title: 'Cross-account trust without sts:ExternalId or an organization condition',
  severity: 'high',
  fix: 'Add an sts:ExternalId condition for third parties, or aws:PrincipalOrgID for your own organization.',
};
export const ROLE_UNUSED: CheckDefinition = {
  id: 'WK-IAM-ROLE-4',
  area: 'roles',
  title: `Role unused for ${THRESHOLDS.unusedRoleDays}+ days`,
  severity: 'medium',
  fix: 'Confirm with its owner that nothing uses it, then delete it.',
};

/** How the trust policy said "anyone", quoted back as written. */
function anyone(statement: PolicyStatement): string {
  return statement.Principal === '*' ? 'Principal "*"' : '"AWS": "*"';
}

function ref(role: IamRole) {
  return { kind: 'role' as const, name: role.name, arn: role.arn };
}

/** Roles: who may assume them (trust policy) and whether they are still used. */
export const roleChecks: CheckModule = {
  definitions: [TRUSTS_ANYONE, TRUSTS_ANYONE_WITH_CONDITIONS, CROSS_ACCOUNT_UNGUARDED, ROLE_UNUSED],
  run({ inventory, now }) {
    const findings: Finding[] = [];
    for (const role of inventory.roles) {
      const own = role.arn.split(':')[4] ?? inventory.accountId;
      const foreign = new Set<string>();
      for (const statement of role.trustPolicy.Statement) {
        if (statement.Effect !== 'Allow') continue;
        const principals = awsPrincipals(statement);
        if (principals.some((p) => p === '*')) {
          findings.push(
            hasCondition(statement)
              ? findingOf(
                  TRUSTS_ANYONE_WITH_CONDITIONS,
                  ref(role),
                  `trust policy allows ${anyone(statement)} with conditions on ${listSome(conditionKeys(statement))}`,
                )
              : findingOf(
                  TRUSTS_ANYONE,
                  ref(role),
                  `trust policy allows ${anyone(statement)} with no condition`,
                ),
          );
          continue;
        }
        const guarded = conditionKeys(statement).some((k) => GUARD_KEYS.includes(k));
        if (guarded) continue;
        for (const p of principals) {
          const account = accountOf(p);
          if (account && account !== own) foreign.add(account);
        }
      }
      if (foreign.size)
        findings.push(
          findingOf(
            CROSS_ACCOUNT_UNGUARDED,
            ref(role),
            `trusted by account ${listSome([...foreign])} without sts:ExternalId or an organization condition`,
          ),
        );
      if (role.path.startsWith(SERVICE_LINKED)) continue;
      if (role.lastUsed) {
        if (daysSince(role.lastUsed, now) >= THRESHOLDS.unusedRoleDays)
          findings.push(
            findingOf(
              ROLE_UNUSED,
              ref(role),
              `last used ${role.lastUsed.slice(0, 10)} (${daysSince(role.lastUsed, now)} days ago)`,
            ),
          );
      } else if (daysSince(role.createDate, now) >= THRESHOLDS.unusedRoleDays) {
        findings.push(
          findingOf(
            ROLE_UNUSED,
            ref(role),
            `no recorded use since it was created ${daysSince(role.createDate, now)} days ago`,
          ),
        );
      }
    }
    return { findings, skipped: [] };
  },
};
