/**
 * The numbers the checks compare against, each with where it comes from. Changing one changes
 * what a check means, so they live here and nowhere else (docs/access-reviews.md quotes them).
 */
export const THRESHOLDS = {
  /** CIS 1.11 / Security Hub IAM.22: credentials unused for 45 days or more are disabled (Prowler's default too). */
  unusedCredentialDays: 45,
  /** CIS 1.13 / IAM.3: access keys are rotated every 90 days or less. */
  keyRotationDays: 90,
  /** Root used within this many days is a finding (CIS 1.6 asks to eliminate root use; 90 days matches Security Hub's lookback). */
  rootUseDays: 90,
  /** Roles not used for 90 days or more are candidates for removal (AWS's "unused access" default). */
  unusedRoleDays: 90,
  /** CIS 1.7 / IAM.15: minimum password length. */
  minPasswordLength: 14,
  /** CIS 1.8 / IAM.16: passwords not reused within the last 24. */
  passwordReuse: 24,
  /** IAM.17: passwords expire within 90 days. */
  maxPasswordAgeDays: 90,
} as const;
