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
});
export type TaskJob = z.infer<typeof taskJobSchema>;
