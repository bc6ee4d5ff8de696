import { z } from 'zod';

/**
 * How CloudTrail detections group into incidents: by actor and detection, for this long after
 * the actor's last matching call. One caller denied on 30 instances is one incident listing them,
 * not 30; the same caller again after a quiet window opens a new one.
 */
export const detectionGroupingSchema = z
  .object({
    /** Minutes a detection incident keeps taking the same actor's alerts. */
    windowMinutes: z
      .number({ error: 'detectionGrouping.windowMinutes must be a number of minutes' })
      .positive({ error: 'detectionGrouping.windowMinutes must be above 0' })
      .max(24 * 60, { error: 'detectionGrouping.windowMinutes must be at most 1440 (a day)' })
      .default(15),
  })
  .strict();
export type DetectionGroupingConfig = z.infer<typeof detectionGroupingSchema>;
