/**
 * What the Security Hub sync needs from one account and region (the aggregation region, for an
 * organisation): ASFF findings updated since a time, oldest first, a page at a time. The SDK
 * implementation is sdk-port.ts; the sandbox's sample account serves its own. Every method
 * throws `AwsError` on failure, including when AWS answers with a shape we cannot use.
 */

export interface SecurityHubFinding {
  /** The ASFF finding as GetFindings returns it; the alert normalizer validates the rest. */
  readonly Id: string;
  readonly ProductArn: string;
  readonly UpdatedAt: string;
  readonly [field: string]: unknown;
}

export interface SecurityHubFindingsPage {
  /** Ordered by UpdatedAt, oldest first. */
  readonly findings: readonly SecurityHubFinding[];
  /** Absent on the last page. */
  readonly nextToken?: string;
}

export interface SecurityHubFindingsPort {
  /**
   * Findings whose UpdatedAt is at or after `updatedSinceMs`, archived ones included: an
   * archived or resolved finding is how a recovery reaches Watchkeeper.
   */
  getFindings(updatedSinceMs: number, nextToken?: string): Promise<SecurityHubFindingsPage>;
}

/** GetFindings returns at most 100 findings per call. */
export const SECURITY_HUB_PAGE_SIZE = 100;

/** UpdatedAt in epoch ms, or 0 when Security Hub sent something unreadable (it then sorts first). */
export function findingUpdatedAtMs(finding: Pick<SecurityHubFinding, 'UpdatedAt'>): number {
  const ms = Date.parse(finding.UpdatedAt);
  return Number.isFinite(ms) ? ms : 0;
}
