import { z } from 'zod';

/**
 * Optional Security Hub polling (`GetFindings` with a cursor), for teams that cannot add an
 * EventBridge rule. Off by default: with Security Hub's EventBridge rule in place, polling only
 * duplicates what arrives anyway (duplicates are stored once, but cost API calls).
 */
export const securityHubConfigSchema = z
  .object({
    syncEnabled: z.boolean({ error: 'securityHub.syncEnabled must be true or false' }).default(false),
    intervalSeconds: z
      .number({ error: 'securityHub.intervalSeconds must be a number of seconds' })
      .int({ error: 'securityHub.intervalSeconds must be a whole number of seconds' })
      .min(60, { error: 'securityHub.intervalSeconds must be at least 60 (GetFindings is rate limited)' })
      .default(300),
    /**
     * Where to poll: the aggregation region of an organisation's Security Hub, whose findings
     * cover every linked region. Empty: every region configured for each account.
     */
    regions: z
      .array(
        z
          .string()
          .regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/, 'securityHub.regions: not a region code'),
      )
      .default([]),
    /** How far back the first poll looks. */
    backfillHours: z
      .number({ error: 'securityHub.backfillHours must be a number of hours' })
      .positive({ error: 'securityHub.backfillHours must be above 0' })
      .max(24 * 90, { error: 'securityHub.backfillHours must be at most 2160 (90 days)' })
      .default(24),
  })
  .strict();
export type SecurityHubConfig = z.infer<typeof securityHubConfigSchema>;
