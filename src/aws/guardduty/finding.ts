import { z } from 'zod';

/**
 * The parts of a GuardDuty finding (SDK v3 GetFindings, PascalCase) the sync relies on: its id
 * and when it last changed. Everything else passes through untouched for the normalizer, which
 * dead-letters a finding it cannot read instead of stopping the sync for every other finding.
 */
export const guardDutyFindingSchema = z.looseObject({
  Id: z.string().regex(/^[A-Za-z0-9_-]{1,300}$/, 'expected a GuardDuty finding id'),
  UpdatedAt: z
    .string()
    .refine((value) => Number.isFinite(Date.parse(value)), 'expected an ISO-8601 timestamp'),
});

export type GuardDutyFinding = z.infer<typeof guardDutyFindingSchema>;

/** Epoch milliseconds of the finding's UpdatedAt (already checked to parse). */
export function findingUpdatedAtMs(finding: GuardDutyFinding): number {
  return Date.parse(finding.UpdatedAt);
}
