import type { CheckModule } from '../checks/check.js';
import { principalPermissions } from '../engine/principals.js';
import type { CheckDefinition, Finding } from '../model.js';
import { findingOf } from './define.js';

export const ADMIN_WITHOUT_MFA: CheckDefinition = {
  id: 'WK-IAM-USER-7',
  area: 'users',
  title: 'User with full administrative access has no MFA',
  severity: 'high',
  prowler: ['iam_administrator_access_with_mfa'],
  fix: 'Enable MFA for the user, or take admin away and let them assume an admin role that requires MFA.',
};

/**
 * Users whose policies (their own and their groups') amount to full admin — the engine's
 * verdict, so AdministratorAccess through a group, an inline `"*"` and a boundary or SCP that
 * takes it away all count as AWS would — and who have no MFA device. Prowler asks this of the
 * members of groups with AdministratorAccess; a user's sign-in is the same risk however the
 * policy reaches them, and one with only access keys has no second factor either.
 */
export const adminMfaChecks: CheckModule = {
  definitions: [ADMIN_WITHOUT_MFA],
  run(ctx) {
    const report = ctx.inventory.credentialReport;
    if (!report)
      return {
        findings: [],
        skipped: [{ checkId: ADMIN_WITHOUT_MFA.id, reason: 'no credential report supplied' }],
      };
    const permissions = principalPermissions(ctx);
    const findings: Finding[] = [];
    for (const row of report) {
      if (row.root || row.mfaActive) continue;
      const p = permissions.get(row.arn);
      if (!p?.permissions.admin) continue;
      const keys = row.accessKeys.filter((k) => k.active).length;
      const signIn = [
        ...(row.passwordEnabled ? ['console password'] : []),
        ...(keys ? [`${keys} active access key${keys === 1 ? '' : 's'}`] : []),
      ];
      if (!signIn.length) continue; // no credential to sign in with, nothing for MFA to guard
      findings.push(
        findingOf(
          ADMIN_WITHOUT_MFA,
          { kind: 'user', name: p.name, arn: p.arn },
          `full administrative access ("*" on "*") and no MFA device; signs in with ${signIn.join(' and ')}`,
        ),
      );
    }
    return { findings, skipped: [] };
  },
};
