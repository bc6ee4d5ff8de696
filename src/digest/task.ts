import { z } from 'zod';
import { TaskName } from '../platform/queue/names.js';
import { defineTask } from '../platform/queue/task-job.js';

/** `/digest`: `preview` answers the caller alone; `post` posts to the channel (security admins). */
export const digestArgsSchema = z.object({ mode: z.enum(['preview', 'post']) });
export type DigestArgs = z.infer<typeof digestArgsSchema>;

export const digestTask = defineTask(TaskName.Digest, digestArgsSchema);
