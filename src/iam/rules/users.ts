import type { CheckModule } from '../checks/check.js';
import type { CheckDefinition, Finding, IamUser, SkippedCheck } from '../model.js';
import { daysSince, findingOf, listSome } from './define.js';
import { THRESHOLDS } from './thresholds.js';

const { unusedCredentialDays: UNUSED, keyRotationDays: ROTATE } = THRESHOLDS;

export const CONSOLE_WITHOUT_MFA: CheckDefinition = {
  id: 'WK-IAM-USER-1',
  area: 'users',
  title: 'Console access without MFA',
  severity: 'high',
  cis: '1.9',
  securityHub: 'IAM.5',
  prowler: ['iam_user_mfa_enabled_console_access'],
  fix: 'Require MFA for the user (or remove the console password if it is not needed).',
};
export const KEY_UNUSED: CheckDefinition = {
  id: 'WK-IAM-USER-2',
  area: 'users',
  title: `Access key unused for ${UNUSED}+ days, or never used`,
  severity: 'medium',
  cis: '1.11',
  securityHub: 'IAM.22',
  prowler: ['iam_user_accesskey_unused'],
  fix: 'Deactivate the key, then delete it once nothing breaks; use roles for workloads.',
};
export const KEY_OLD: CheckDefinition = {
  id: 'WK-IAM-USER-3',
  area: 'users',
  title: `Active access key older than ${ROTATE} days`,
  severity: 'medium',
  cis: '1.13',
  securityHub: 'IAM.3',
  prowler: ['iam_rotate_access_key_90_days'],
  fix: 'Rotate the key: create a new one, switch its users over, deactivate and delete the old one.',
};
export const TWO_KEYS: CheckDefinition = {
  id: 'WK-IAM-USER-4',
  area: 'users',
  title: 'Two active access keys',
  severity: 'medium',
  cis: '1.12',
  prowler: ['iam_user_two_active_access_key'],
  fix: 'Keep one active key per user; deactivate the one no longer in use.',
};
export const PASSWORD_UNUSED: CheckDefinition = {
  id: 'WK-IAM-USER-5',
  area: 'users',
  title: `Console password unused for ${UNUSED}+ days`,
  severity: 'medium',
  cis: '1.11',
  securityHub: 'IAM.22',
  prowler: ['iam_user_console_access_unused'],
  fix: 'Remove the console password (delete the login profile) if the user no longer signs in.',
};
export const DIRECT_POLICIES: CheckDefinition = {
  id: 'WK-IAM-USER-6',
  area: 'users',
  title: 'Policies attached directly to a user',
  severity: 'low',
  cis: '1.14',
  securityHub: 'IAM.2',
  prowler: ['iam_policy_attached_only_to_group_or_roles'],
  fix: 'Grant permissions through groups or roles, and detach the policies from the user.',
};

const NEEDS_REPORT = [CONSOLE_WITHOUT_MFA, KEY_UNUSED, KEY_OLD, TWO_KEYS, PASSWORD_UNUSED];

/** IAM users: credentials from the credential report, policy attachments from the inventory. */
export const userChecks: CheckModule = {
  definitions: [...NEEDS_REPORT, DIRECT_POLICIES],
  run({ inventory, now }) {
    const findings: Finding[] = [];
    const skipped: SkippedCheck[] = [];
    const users = new Map<string, IamUser>(inventory.users.map((u) => [u.name, u]));

    for (const user of inventory.users) {
      const direct = [
        ...user.attachedPolicies.map((p) => p.name),
        ...user.inlinePolicies.map((p) => `inline:${p.name}`),
      ];
      if (direct.length)
        findings.push(findingOf(DIRECT_POLICIES, ref(user), `attached directly: ${listSome(direct)}`));
    }

    if (!inventory.credentialReport) {
      for (const check of NEEDS_REPORT)
        skipped.push({ checkId: check.id, reason: 'no credential report supplied' });
      return { findings, skipped };
    }
    for (const row of inventory.credentialReport) {
      if (row.root) continue;
      const principal = users.get(row.user)
        ? ref(users.get(row.user) as IamUser)
        : { kind: 'user' as const, name: row.user, arn: row.arn };
      if (row.passwordEnabled && !row.mfaActive)
        findings.push(findingOf(CONSOLE_WITHOUT_MFA, principal, 'console password enabled, no MFA device'));
      if (row.passwordEnabled) {
        const since = row.passwordLastUsed ?? row.passwordLastChanged ?? row.userCreationTime;
        if (since && daysSince(since, now) >= UNUSED)
          findings.push(
            findingOf(
              PASSWORD_UNUSED,
              principal,
              row.passwordLastUsed
                ? `console password last used ${row.passwordLastUsed.slice(0, 10)} (${daysSince(row.passwordLastUsed, now)} days ago)`
                : `console password never used, set ${daysSince(since, now)} days ago`,
            ),
          );
      }
      const active = row.accessKeys.map((k, i) => ({ ...k, slot: i + 1 })).filter((k) => k.active);
      for (const key of active) {
        const created = key.lastRotated ?? row.userCreationTime;
        if (key.lastUsed) {
          if (daysSince(key.lastUsed, now) >= UNUSED)
            findings.push(
              findingOf(
                KEY_UNUSED,
                principal,
                `access key ${key.slot} last used ${key.lastUsed.slice(0, 10)} (${daysSince(key.lastUsed, now)} days ago)`,
              ),
            );
        } else if (created && daysSince(created, now) >= UNUSED) {
          findings.push(
            findingOf(
              KEY_UNUSED,
              principal,
              `access key ${key.slot} never used since it was created ${daysSince(created, now)} days ago`,
            ),
          );
        }
        if (key.lastRotated && daysSince(key.lastRotated, now) > ROTATE)
          findings.push(
            findingOf(
              KEY_OLD,
              principal,
              `access key ${key.slot} created ${key.lastRotated.slice(0, 10)} (${daysSince(key.lastRotated, now)} days old)`,
            ),
          );
      }
      if (active.length === 2)
        findings.push(findingOf(TWO_KEYS, principal, 'access keys 1 and 2 are both active'));
    }
    return { findings, skipped };
  },
};

function ref(user: IamUser) {
  return { kind: 'user' as const, name: user.name, arn: user.arn };
}
