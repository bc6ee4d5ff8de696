import { type Checked, isCouldNotCheck } from '../aws/posture/port.js';
import type { AccessReviewSummary } from '../iam/review/report-store.js';
import { type Assessment, decideLine, type Finding, type ScorecardLine } from './scorecard-line.js';
import { THRESHOLDS } from './scorecard-rules.js';

/** Rule (see `rules` in scorecard-rules.ts): review age and the latest review's worst findings. */

const DAY_MS = 24 * 60 * 60 * 1000;
const LEVELS = ['critical', 'high', 'medium', 'low'] as const;

function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0';
}

/**
 * A review headline, with the inventory parts its read missed (`AuditReport.incomplete`) when the
 * store keeps them: a partial review must not read as an all-clear.
 */
export type IdentityReviewSummary = AccessReviewSummary & { readonly incomplete?: readonly string[] };

/** `reviews` is latest first, as the caller's store returns them. */
export function identityLine(reviews: Checked<readonly IdentityReviewSummary[]>, now: Date): ScorecardLine {
  const area = 'Identity and access' as const;
  const goodAction = 'Keep the monthly access review going (/access-review).';
  if (isCouldNotCheck(reviews)) {
    return decideLine({
      area,
      figure: 'Access-review history unavailable.',
      findings: [],
      unknowns: [reviews],
      goodAction,
    });
  }
  const [latest, previous] = reviews;
  if (!latest) {
    return decideLine({
      area,
      figure: 'No access review on record.',
      findings: [{ status: 'at-risk', action: 'Run a first IAM access review with /access-review.' }],
      unknowns: [],
      goodAction,
    });
  }
  const ageDays = Math.floor((now.getTime() - Date.parse(latest.at)) / DAY_MS);
  const counts = LEVELS.map((level) => `${latest.counts[level]} ${level}`).join(', ');
  const change = previous
    ? `; since ${previous.at.slice(0, 10)}: ${LEVELS.map((l) => `${l} ${signed(latest.counts[l] - previous.counts[l])}`).join(', ')}`
    : '; first review';
  const findings: Finding[] = [];
  if (latest.counts.critical > 0) {
    findings.push({
      status: 'at-risk',
      action: `Fix the ${latest.counts.critical} critical access-review finding(s) first.`,
    });
  }
  if (ageDays > THRESHOLDS.accessReviewOverdueDays) {
    findings.push({
      status: 'at-risk',
      action: `No access review for ${ageDays} days: run /access-review now.`,
    });
  } else if (ageDays > THRESHOLDS.accessReviewStaleDays) {
    findings.push({
      status: 'needs-attention',
      action: `No access review for ${ageDays} days: schedule one with /access-review.`,
    });
  }
  const partial = latest.incomplete?.length ? latest.incomplete : undefined;
  if (partial) {
    findings.push({
      status: 'needs-attention',
      action: `The latest access review could not read the ${partial.join(' or the ')}: let the reader role read it and run /access-review again.`,
    });
  }
  if (latest.counts.high > 0) {
    findings.push({
      status: 'needs-attention',
      action: `Work through the ${latest.counts.high} high access-review finding(s).`,
    });
  }
  const assessment: Assessment = {
    area,
    figure: `Latest review ${latest.at.slice(0, 10)} (${ageDays} day${ageDays === 1 ? '' : 's'} ago${partial ? `, partial: no ${partial.join(', no ')}` : ''}): ${counts}${change}.`,
    findings,
    unknowns: [],
    goodAction,
  };
  return decideLine(assessment);
}
