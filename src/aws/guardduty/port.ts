import type { GuardDutyFinding } from './finding.js';

/**
 * What the GuardDuty sync needs from one account and region, as a port: the SDK implementation
 * (sdk-port.ts) in production, stubs or a sample account elsewhere. Every method throws
 * `AwsError` on failure, including when AWS answers with a shape we cannot use.
 */

export interface FindingIdsCriteria {
  /** Only findings whose updatedAt is at or after this time (epoch ms). */
  readonly updatedSinceMs: number;
  /** Archived findings too (config `guardDuty.includeArchived`). */
  readonly includeArchived: boolean;
}

export interface FindingIdsPage {
  /** Ordered by updatedAt, oldest first. */
  readonly ids: readonly string[];
  /** Absent on the last page. */
  readonly nextToken?: string;
}

export interface GuardDutyFindingsPort {
  /** Detector ids in this account and region (GuardDuty allows one; none when it is off). */
  listDetectors(): Promise<readonly string[]>;
  listFindingIds(
    detectorId: string,
    criteria: FindingIdsCriteria,
    nextToken?: string,
  ): Promise<FindingIdsPage>;
  /** Findings for the ids, in any order; ids GuardDuty no longer has are simply missing. */
  getFindings(detectorId: string, ids: readonly string[]): Promise<readonly GuardDutyFinding[]>;
}

/** GetFindings and ListFindings accept at most 50 ids / results per call. */
export const GUARDDUTY_PAGE_SIZE = 50;
