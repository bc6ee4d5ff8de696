import type { CheckModule } from '../checks/check.js';
import type { CheckDefinition, Finding, SkippedCheck } from '../model.js';
import { daysSince, findingOf } from './define.js';
import { THRESHOLDS } from './thresholds.js';

export const ROOT_ACCESS_KEY: CheckDefinition = {
  id: 'WK-IAM-ROOT-1',
  area: 'root',
  title: 'Root user has an active access key',
  severity: 'critical',
  cis: '1.3',
  securityHub: 'IAM.4',
  prowler: ['iam_no_root_access_key'],
  fix: 'Delete the root access keys (Security credentials page, signed in as root); use IAM roles instead.',
};
export const ROOT_MFA: CheckDefinition = {
  id: 'WK-IAM-ROOT-2',
  area: 'root',
  title: 'Root user has no MFA',
  severity: 'critical',
  cis: '1.4',
  securityHub: 'IAM.9',
  prowler: ['iam_root_mfa_enabled'],
  fix: 'Enable MFA on the root user, preferably a hardware key, and keep it in a safe place.',
};
export const ROOT_USED: CheckDefinition = {
  id: 'WK-IAM-ROOT-3',
  area: 'root',
  title: `Root user used in the last ${THRESHOLDS.rootUseDays} days`,
  severity: 'high',
  cis: '1.6',
  securityHub: 'IAM.20',
  prowler: ['iam_avoid_root_usage'],
  fix: 'Find out who used root and why (CloudTrail userIdentity.type = Root); do daily work with IAM roles.',
};

const ROOT = { kind: 'root', name: 'root' } as const;

/** The root user, from its credential report row, or the account summary when there is no report. */
export const rootChecks: CheckModule = {
  definitions: [ROOT_ACCESS_KEY, ROOT_MFA, ROOT_USED],
  run({ inventory, now }) {
    const findings: Finding[] = [];
    const skipped: SkippedCheck[] = [];
    const row = inventory.credentialReport?.find((r) => r.root);
    const summary = inventory.summary;
    const ref = row ? { ...ROOT, arn: row.arn } : ROOT;

    if (row) {
      const active = row.accessKeys.flatMap((k, i) => (k.active ? [`access key ${i + 1}`] : []));
      if (active.length)
        findings.push(findingOf(ROOT_ACCESS_KEY, ref, `${active.join(' and ')} active on the root user`));
    } else if (summary?.AccountAccessKeysPresent !== undefined) {
      if (summary.AccountAccessKeysPresent > 0)
        findings.push(
          findingOf(
            ROOT_ACCESS_KEY,
            ref,
            `account summary: AccountAccessKeysPresent = ${summary.AccountAccessKeysPresent}`,
          ),
        );
    } else skipped.push({ checkId: ROOT_ACCESS_KEY.id, reason: 'no credential report or account summary' });

    if (row) {
      if (!row.mfaActive)
        findings.push(findingOf(ROOT_MFA, ref, 'credential report: mfa_active = false for <root_account>'));
    } else if (summary?.AccountMFAEnabled !== undefined) {
      if (summary.AccountMFAEnabled === 0)
        findings.push(findingOf(ROOT_MFA, ref, 'account summary: AccountMFAEnabled = 0'));
    } else skipped.push({ checkId: ROOT_MFA.id, reason: 'no credential report or account summary' });

    if (row) {
      const uses = [
        ...(row.passwordLastUsed ? [{ what: 'console sign-in', at: row.passwordLastUsed }] : []),
        ...row.accessKeys.flatMap((k, i) =>
          k.lastUsed ? [{ what: `access key ${i + 1}`, at: k.lastUsed }] : [],
        ),
      ].sort((a, b) => b.at.localeCompare(a.at));
      const latest = uses[0];
      if (latest && daysSince(latest.at, now) < THRESHOLDS.rootUseDays)
        findings.push(
          findingOf(
            ROOT_USED,
            ref,
            `last used ${latest.at.slice(0, 10)} (${latest.what}, ${daysSince(latest.at, now)} days ago)`,
          ),
        );
    } else skipped.push({ checkId: ROOT_USED.id, reason: 'no credential report supplied' });
    return { findings, skipped };
  },
};
