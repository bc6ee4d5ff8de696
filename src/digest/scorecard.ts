import type { Checked, PostureSnapshot } from '../aws/posture/port.js';
import type { DigestFigures } from './figures.js';
import { dataProtectionLine } from './scorecard-data.js';
import { type AccessReviewSummary, identityLine } from './scorecard-identity.js';
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

export type { AccessReviewSummary } from './scorecard-identity.js';
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

export function buildScorecard(input: ScorecardInput): Scorecard {
  return [
    identityLine(input.accessReviews, input.now),
    dataProtectionLine(input.posture),
    loggingLine(input.posture, input.detections),
    incidentResponseLine(input.figures, input.mttaTargets),
    ownershipLine(input.ownership),
  ];
}
