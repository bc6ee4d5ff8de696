import type { Checked, CouldNotCheck, PostureSnapshot } from '../aws/posture/port.js';
import type { AccessReviewSummary } from '../iam/review/report-store.js';
import type { DigestFigures } from './figures.js';
import { dataProtectionLine } from './scorecard-data.js';
import { identityLine } from './scorecard-identity.js';
import type { ScorecardLine } from './scorecard-line.js';
import { type DetectionCoverage, loggingLine } from './scorecard-logging.js';
import { type OwnershipInput, ownershipLine } from './scorecard-ownership.js';
import { incidentResponseLine, type MttaTargets } from './scorecard-response.js';

/**
 * The posture scorecard: five lines, one per shared-responsibility area, each with a status, the
 * figure behind it and the next action. Pure: every input is read by the caller beforehand
 * (posture snapshots through the PosturePort, reviews and counts from their stores).
 * The exact rule of each line is in `rules` (scorecard-rules.ts) and in each line's module.
 */

export type { ScorecardArea, ScorecardLine, ScorecardStatus } from './scorecard-line.js';
export { SCORECARD_AREAS, SCORECARD_STATUSES } from './scorecard-line.js';
export type { DetectionCoverage } from './scorecard-logging.js';
export type { OwnershipCount, OwnershipInput } from './scorecard-ownership.js';
export type { MttaTargets } from './scorecard-response.js';
export { GENERAL_RULE, type LineRule, rules, THRESHOLDS } from './scorecard-rules.js';

export interface ScorecardInput {
  now: Date;
  /** Latest first. */
  accessReviews: Checked<readonly AccessReviewSummary[]>;
  /** One per account in scope. */
  posture: readonly PostureSnapshot[];
  detections: DetectionCoverage;
  figures: Checked<DigestFigures>;
  mttaTargets: MttaTargets;
  ownership: OwnershipInput;
}

export type Scorecard = ScorecardLine[];

/** With no account's posture read, the AWS-side lines say so; an empty set is never "good". */
const NO_POSTURE: CouldNotCheck = {
  couldNotCheck: true,
  reason: 'no account posture was read (no AWS accounts configured, or a preview)',
};

function postureOrUnknown(posture: readonly PostureSnapshot[]): readonly PostureSnapshot[] {
  if (posture.length > 0) return posture;
  return [
    {
      accountId: 'none',
      regions: [],
      buckets: NO_POSTURE,
      accountPublicAccessBlock: NO_POSTURE,
      kmsKeys: [{ region: 'none', keys: NO_POSTURE }],
      trails: NO_POSTURE,
      guardDuty: [{ region: 'none', enabled: NO_POSTURE }],
    },
  ];
}

export function buildScorecard(input: ScorecardInput): Scorecard {
  const posture = postureOrUnknown(input.posture);
  return [
    identityLine(input.accessReviews, input.now),
    dataProtectionLine(posture),
    loggingLine(posture, input.detections),
    incidentResponseLine(input.figures, input.mttaTargets),
    ownershipLine(input.ownership),
  ];
}
