import { z } from 'zod';

/** When and where the weekly digest posts, and the response-time targets it scores against. */
export const digestConfigSchema = z.strictObject({
  schedules: z
    .array(
      z.strictObject({
        channel: z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'expected a Slack channel id like C0123ABCD'),
        /** Cron pattern in `timeZone`. @defaultValue Monday 09:00 */
        cron: z.string().default('0 9 * * 1'),
        timeZone: z.string().default('UTC'),
        /** Accounts in scope; absent: every account. */
        accounts: z.array(z.string().regex(/^\d{12}$/)).optional(),
        title: z.string().optional(),
      }),
    )
    .default([]),
  /** Weeks of incident history the digest keeps and reads. */
  retentionWeeks: z.number().int().min(12).max(104).default(13),
  /** MTTA target per severity, in minutes. */
  mttaTargetsMinutes: z
    .strictObject({
      critical: z.number().positive().default(15),
      high: z.number().positive().default(60),
      medium: z.number().positive().default(240),
      low: z.number().positive().default(1440),
    })
    .prefault({}),
});
export type DigestConfig = z.infer<typeof digestConfigSchema>;
export type DigestSchedule = DigestConfig['schedules'][number];
