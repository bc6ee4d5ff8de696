import type { CheckModule } from '../checks/check.js';
import { principalPermissions } from '../engine/principals.js';
import { describeRef } from '../engine/statements.js';
import type { CheckDefinition, Finding } from '../model.js';
import { findingOf, listSome } from './define.js';

export const PRIVILEGE_ESCALATION: CheckDefinition = {
  id: 'WK-IAM-ESC-1',
  area: 'privilege-escalation',
  title: 'Principal can escalate its own privileges',
  severity: 'high',
  fix: 'Remove or scope the actions of the listed method (for iam:PassRole, name the roles and add iam:PassedToService); add a permissions boundary.',
};

/**
 * Users (with their groups' policies) and roles whose allowed actions, all policies together and
 * certain Denies honoured, cover a known escalation method. Principals that already have full
 * admin are reported by the admin checks instead: escalating adds nothing to "*" on "*".
 */
export const escalationChecks: CheckModule = {
  definitions: [PRIVILEGE_ESCALATION],
  run(ctx) {
    const findings: Finding[] = [];
    for (const p of principalPermissions(ctx).values()) {
      const paths = p.permissions.escalations;
      if (p.permissions.admin || paths.length === 0) continue;
      const detail = paths
        .slice(0, 3)
        .map(
          (path) =>
            `${path.method} (${path.grants.map((g) => `${g.action} by ${describeRef(g.by)}`).join('; ')})`,
        );
      const more =
        paths.length > 3
          ? `; and ${paths.length - 3} more: ${listSome(
              paths.slice(3).map((x) => x.method),
              5,
            )}`
          : '';
      findings.push(
        findingOf(
          PRIVILEGE_ESCALATION,
          { kind: p.kind, name: p.name, arn: p.arn },
          `${paths.length} method${paths.length === 1 ? '' : 's'}: ${detail.join('; ')}${more}`,
        ),
      );
    }
    return { findings, skipped: [] };
  },
};
