import type { CheckModule } from '../checks/check.js';
import type { EscalationPath, PrincipalPermissions } from '../engine/principals.js';
import { principalPermissions } from '../engine/principals.js';
import { describeRef } from '../engine/statements.js';
import type { CheckDefinition, Finding } from '../model.js';
import { findingOf, listSome } from './define.js';

export const PRIVILEGE_ESCALATION: CheckDefinition = {
  id: 'WK-IAM-ESC-1',
  area: 'privilege-escalation',
  title: 'Principal can escalate its own privileges',
  severity: 'high',
  prowler: ['iam_policy_allows_privilege_escalation', 'iam_inline_policy_allows_privilege_escalation'],
  fix: 'Remove or scope the actions of the listed method (for iam:PassRole, name the roles and add iam:PassedToService); add a permissions boundary.',
};

export const POSSIBLE_ESCALATION: CheckDefinition = {
  id: 'WK-IAM-ESC-2',
  area: 'privilege-escalation',
  title: 'Principal may be able to escalate its privileges (the analysis could not decide)',
  severity: 'medium',
  prowler: ['iam_policy_allows_privilege_escalation', 'iam_inline_policy_allows_privilege_escalation'],
  fix: 'Check the named condition or policy: if it does not stop the method, scope the actions as for WK-IAM-ESC-1.',
};

/** At most this many methods are spelled out; the rest are named. */
const SHOWN = 3;

function describePath(path: EscalationPath): string {
  const grants = path.grants.map((g) => `${g.action}${g.on ? ` on ${g.on}` : ''} by ${describeRef(g.by)}`);
  return `${path.method} (${grants.join('; ')})`;
}

function describeMethods(
  paths: readonly EscalationPath[],
  extra: (p: EscalationPath) => string = () => '',
): string {
  const detail = paths.slice(0, SHOWN).map((p) => `${describePath(p)}${extra(p)}`);
  const more =
    paths.length > SHOWN
      ? `; and ${paths.length - SHOWN} more: ${listSome(
          paths.slice(SHOWN).map((x) => x.method),
          5,
        )}`
      : '';
  return `${paths.length} method${paths.length === 1 ? '' : 's'}: ${detail.join('; ')}${more}`;
}

/** Methods a Deny, boundary or SCP stopped: said once, so a reviewer sees what is holding. */
function blockedNote(p: PrincipalPermissions): string {
  const blocked = p.permissions.blocked;
  if (!blocked.length) return '';
  const shown = blocked.slice(0, 2).map((b) => `${b.method} (${b.by})`);
  return `; blocked: ${shown.join('; ')}${blocked.length > 2 ? ` and ${blocked.length - 2} more` : ''}`;
}

/**
 * Users (with their groups' policies) and roles that can use a known escalation method on a
 * resource that makes it work (escalation-analysis.ts), and, apart, those where the analysis could
 * not decide. Principals that already have full admin are reported by the admin checks instead.
 */
export const escalationChecks: CheckModule = {
  definitions: [PRIVILEGE_ESCALATION, POSSIBLE_ESCALATION],
  run(ctx) {
    const findings: Finding[] = [];
    for (const p of principalPermissions(ctx).values()) {
      if (p.permissions.admin) continue;
      const ref = { kind: p.kind, name: p.name, arn: p.arn };
      const { escalations, possible } = p.permissions;
      if (escalations.length)
        findings.push(
          findingOf(PRIVILEGE_ESCALATION, ref, `${describeMethods(escalations)}${blockedNote(p)}`),
        );
      else if (possible.length)
        findings.push(
          findingOf(
            POSSIBLE_ESCALATION,
            ref,
            `possible, ${describeMethods(possible, (x) => {
              const reasons = possible.find((q) => q === x)?.reasons ?? [];
              return reasons.length ? `, undecided because ${listSome(reasons, 2)}` : '';
            })}${blockedNote(p)}`,
          ),
        );
    }
    return { findings, skipped: [] };
  },
};
