import type { CheckModule } from '../checks/check.js';
import type { CheckDefinition, Finding } from '../model.js';
import { findingOf } from './define.js';
import { THRESHOLDS } from './thresholds.js';

export const NO_PASSWORD_POLICY: CheckDefinition = {
  id: 'WK-IAM-PWD-1',
  area: 'password-policy',
  title: 'No account password policy',
  severity: 'medium',
  securityHub: 'IAM.7',
  fix: `Set a password policy: at least ${THRESHOLDS.minPasswordLength} characters, reuse prevention ${THRESHOLDS.passwordReuse}.`,
};
export const SHORT_PASSWORDS: CheckDefinition = {
  id: 'WK-IAM-PWD-2',
  area: 'password-policy',
  title: `Minimum password length below ${THRESHOLDS.minPasswordLength}`,
  severity: 'medium',
  cis: '1.7',
  securityHub: 'IAM.15',
  prowler: ['iam_password_policy_minimum_length_14'],
  fix: `Set MinimumPasswordLength to ${THRESHOLDS.minPasswordLength} or more.`,
};
export const REUSE_ALLOWED: CheckDefinition = {
  id: 'WK-IAM-PWD-3',
  area: 'password-policy',
  title: `Password reuse allowed (fewer than ${THRESHOLDS.passwordReuse} remembered)`,
  severity: 'low',
  cis: '1.8',
  securityHub: 'IAM.16',
  prowler: ['iam_password_policy_reuse_24'],
  fix: `Set PasswordReusePrevention to ${THRESHOLDS.passwordReuse}.`,
};
export const NO_EXPIRY: CheckDefinition = {
  id: 'WK-IAM-PWD-4',
  area: 'password-policy',
  title: `Passwords never expire (or after more than ${THRESHOLDS.maxPasswordAgeDays} days)`,
  severity: 'low',
  securityHub: 'IAM.17',
  prowler: ['iam_password_policy_expires_passwords_within_90_days_or_less'],
  fix: `Set MaxPasswordAge to ${THRESHOLDS.maxPasswordAgeDays} or less if your standard asks for it (Security Hub IAM.17 does; NIST SP 800-63B advises against forced rotation — record the decision either way).`,
};

export const WEAK_COMPOSITION: CheckDefinition = {
  id: 'WK-IAM-PWD-5',
  area: 'password-policy',
  title: 'Password policy does not require upper-case, lower-case, number and symbol',
  severity: 'medium',
  securityHub: 'IAM.7',
  prowler: [
    'iam_password_policy_uppercase',
    'iam_password_policy_lowercase',
    'iam_password_policy_number',
    'iam_password_policy_symbol',
  ],
  fix: 'Turn on RequireUppercaseCharacters, RequireLowercaseCharacters, RequireNumbers and RequireSymbols.',
};

/** The character classes Security Hub IAM.7 (and IAM.11–14, Prowler's four checks) ask for. */
const CLASSES = [
  ['requireUppercaseCharacters', 'upper-case letter'],
  ['requireLowercaseCharacters', 'lower-case letter'],
  ['requireNumbers', 'number'],
  ['requireSymbols', 'symbol'],
] as const;

const ALL = [NO_PASSWORD_POLICY, SHORT_PASSWORDS, REUSE_ALLOWED, NO_EXPIRY, WEAK_COMPOSITION];

const ACCOUNT = { kind: 'account', name: 'password policy' } as const;

/** The account password policy, per CIS and Security Hub. */
export const passwordPolicyChecks: CheckModule = {
  definitions: ALL,
  run({ inventory }) {
    const policy = inventory.passwordPolicy;
    const ref = inventory.accountId
      ? { ...ACCOUNT, name: `password policy of ${inventory.accountId}` }
      : ACCOUNT;
    if (policy === undefined)
      return {
        findings: [],
        skipped: ALL.map((c) => ({
          checkId: c.id,
          reason: 'password policy not supplied',
        })),
      };
    if (policy === null)
      return {
        findings: [findingOf(NO_PASSWORD_POLICY, ref, 'GetAccountPasswordPolicy: NoSuchEntity')],
        skipped: [],
      };
    const findings: Finding[] = [];
    const length = policy.minimumPasswordLength ?? 8;
    if (length < THRESHOLDS.minPasswordLength)
      findings.push(findingOf(SHORT_PASSWORDS, ref, `minimum length ${length}`));
    const reuse = policy.passwordReusePrevention ?? 0;
    if (reuse < THRESHOLDS.passwordReuse)
      findings.push(
        findingOf(
          REUSE_ALLOWED,
          ref,
          reuse ? `only the last ${reuse} passwords are remembered` : 'no reuse prevention',
        ),
      );
    const age = policy.maxPasswordAge;
    if (!policy.expirePasswords || age === undefined || age > THRESHOLDS.maxPasswordAgeDays)
      findings.push(
        findingOf(NO_EXPIRY, ref, age ? `passwords expire after ${age} days` : 'passwords never expire'),
      );
    // A field AWS left out is off: GetAccountPasswordPolicy omits nothing it enforces.
    const absent = CLASSES.filter(([field]) => policy[field] !== true).map(([, what]) => what);
    if (absent.length)
      findings.push(findingOf(WEAK_COMPOSITION, ref, `does not require a ${absent.join(', a ')}`));
    return { findings, skipped: [] };
  },
};
