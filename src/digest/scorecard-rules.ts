import type { ScorecardArea } from './scorecard-line.js';

/**
 * The thresholds and the exact status rule of every scorecard line, as data, so the code, the
 * tests and docs/ quote the same words. Each line's module implements the rule stated here.
 */

export const THRESHOLDS = {
  /** Days after which the latest access review is stale (needs-attention) ... */
  accessReviewStaleDays: 30,
  /** ... and after which it is overdue (at-risk). */
  accessReviewOverdueDays: 60,
  /** Share of this week's incidents that should have had a finding-specific runbook. */
  specificRunbookShare: 0.8,
  /** Ownership share below which the line needs attention ... */
  ownershipGoodShare: 0.9,
  /** ... and below which it is at risk. */
  ownershipAtRiskShare: 0.5,
} as const;

export interface LineRule {
  area: ScorecardArea;
  atRisk: string;
  needsAttention: string;
  good: string;
  couldNotCheck: string;
}

export const GENERAL_RULE =
  'A line takes the worst status among its findings (at-risk before needs-attention). With no finding, a line where any check could not run is could-not-check, never good, and names the missing IAM permission. Otherwise it is good.';

export const rules: readonly LineRule[] = [
  {
    area: 'Identity and access',
    atRisk: `No access review on record, the latest review is more than ${THRESHOLDS.accessReviewOverdueDays} days old, or it found a critical finding.`,
    needsAttention: `The latest review is more than ${THRESHOLDS.accessReviewStaleDays} days old, or it found a high finding.`,
    good: `An access review in the last ${THRESHOLDS.accessReviewStaleDays} days found no critical or high finding.`,
    couldNotCheck: 'The access-review history could not be read.',
  },
  {
    area: 'Data protection',
    atRisk:
      'An S3 bucket whose public access is blocked neither by account-level nor by bucket-level Block Public Access (all four settings on).',
    needsAttention:
      'An S3 bucket without default encryption, or an enabled customer-managed symmetric KMS key without automatic rotation.',
    good: 'Every bucket is encrypted by default and has public access blocked; every such KMS key rotates.',
    couldNotCheck:
      'Nothing wrong was found, but a bucket, key or account-level setting could not be read (missing permission, or S3 Control unavailable while a bucket relies on the account-level block).',
  },
  {
    area: 'Logging and monitoring',
    atRisk:
      'An account has no multi-region CloudTrail trail that is logging, or GuardDuty is not enabled in a configured region.',
    needsAttention: 'Fewer than all 15 CIS monitoring detections (CIS 4.1–4.15) are wired.',
    good: 'A multi-region trail is logging, GuardDuty is enabled in every configured region, and all 15 CIS detections are wired.',
    couldNotCheck:
      'Nothing wrong was found, but trails, trail status or a GuardDuty region could not be read.',
  },
  {
    area: 'Incident response',
    atRisk:
      "A critical incident is still unacknowledged after the critical MTTA target, or this week's median critical MTTA is above that target.",
    needsAttention: `A severity's median MTTA this week is above its target, a critical is unacknowledged (within target), or fewer than ${THRESHOLDS.specificRunbookShare * 100}% of this week's incidents had a finding-specific runbook.`,
    good: 'Every median MTTA is within target, no critical is waiting, and runbook coverage is at or above the threshold.',
    couldNotCheck: 'The incident history could not be read.',
  },
  {
    area: 'Documentation and ownership',
    atRisk: `Fewer than ${THRESHOLDS.ownershipAtRiskShare * 100}% of incident resources or of IAM principals have a known owner.`,
    needsAttention: `Fewer than ${THRESHOLDS.ownershipGoodShare * 100}% of incident resources or of IAM principals have a known owner.`,
    good: `At least ${THRESHOLDS.ownershipGoodShare * 100}% of both have a known owner (an empty set counts as fully owned).`,
    couldNotCheck: 'A count of owned resources or principals could not be made.',
  },
];
