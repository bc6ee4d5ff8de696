import { z } from 'zod';

/**
 * `alerts.sampleFindings`: what happens to a finding its vendor marked as its own generated sample
 * (GuardDuty "Generate sample findings" sets `service.additionalInfo.sample: true`).
 *
 * - `channel` (default): it opens an incident marked "GuardDuty sample finding", posted to
 *   `channel` (or the default channel when none is given), and is never escalated or paged.
 * - `drop`: no incident; the skip is audited.
 * - `normal`: treated like any finding (still marked on the card).
 */
export const SAMPLE_FINDING_MODES = ['drop', 'channel', 'normal'] as const;
export type SampleFindingMode = (typeof SAMPLE_FINDING_MODES)[number];

export const sampleFindingsConfigSchema = z
  .union([
    z.enum(SAMPLE_FINDING_MODES, {
      error: 'expected one of drop, channel, normal (what to do with GuardDuty sample findings)',
    }),
    z.strictObject({
      mode: z.enum(SAMPLE_FINDING_MODES, {
        error: 'expected one of drop, channel, normal (what to do with GuardDuty sample findings)',
      }),
      /** Where `channel` mode posts; absent: the default channel. */
      channel: z
        .string()
        .regex(/^[CG][A-Z0-9]{2,}$/, 'expected a Slack channel id like C0123ABCD for sample findings')
        .optional(),
    }),
  ])
  .default('channel')
  .transform((value) => (typeof value === 'string' ? { mode: value } : value));
export type SampleFindingsConfig = z.infer<typeof sampleFindingsConfigSchema>;
