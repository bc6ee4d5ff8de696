import type { ListFindingsCommandInput } from '@aws-sdk/client-guardduty';
import { type FindingIdsCriteria, GUARDDUTY_PAGE_SIZE } from './port.js';

/**
 * The ListFindings request the sync sends: findings updated since a time, oldest first, so a
 * cursor can advance page by page. `Equals`/`GreaterThanOrEqual` are the current operators
 * (`Eq`/`Gte` are deprecated in the GuardDuty API).
 */
export function listFindingsInput(
  detectorId: string,
  criteria: FindingIdsCriteria,
  nextToken?: string,
): ListFindingsCommandInput {
  return {
    DetectorId: detectorId,
    FindingCriteria: {
      Criterion: {
        updatedAt: { GreaterThanOrEqual: criteria.updatedSinceMs },
        ...(criteria.includeArchived ? {} : { 'service.archived': { Equals: ['false'] } }),
      },
    },
    SortCriteria: { AttributeName: 'updatedAt', OrderBy: 'ASC' },
    MaxResults: GUARDDUTY_PAGE_SIZE,
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

/** Splits ids into GetFindings-sized batches. */
export function inBatches<T>(items: readonly T[], size = GUARDDUTY_PAGE_SIZE): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}
