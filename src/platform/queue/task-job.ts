import { z } from 'zod';

/**
 * Work a slash command started and acknowledged: what to do, for whom, and where to answer.
 * Stored on the `tasks` queue so it survives restarts; the worker answers via `responseUrl`.
 */
export const taskJobSchema = z.object({
  command: z.string(),
  text: z.string(),
  userId: z.string(),
  channelId: z.string(),
  responseUrl: z.string().optional(),
  /** Chosen in the ack path so a retried job keeps the same id (access-review report ids). */
  requestId: z
    .string()
    .regex(/^[\w-]{1,64}$/)
    .optional(),
});
export type TaskJob = z.infer<typeof taskJobSchema>;
