import { z } from 'zod';
import type { TaskName } from './names.js';

/**
 * Work a slash command started and acknowledged, stored on the `tasks` queue so it survives
 * restarts: which task, the arguments the command already parsed, who asked, and where to answer.
 * Each feature defines its task with {@link defineTask}; the command enqueues `task.job(args, caller)`
 * and the worker validates with the union of every task's `schema`, so arguments are parsed once.
 */

export const taskCallerSchema = z.object({
  userId: z.string().min(1),
  channelId: z.string().min(1),
  /** The command's response_url: the worker answers there (ephemeral). */
  responseUrl: z.string().optional(),
  /** Chosen in the ack path so a retried job keeps the same id (access-review report ids). */
  requestId: z
    .string()
    .regex(/^[\w-]{1,64}$/)
    .optional(),
});
export type TaskCaller = z.infer<typeof taskCallerSchema>;

export interface TaskDefinition<N extends TaskName, A extends z.ZodType> {
  readonly name: N;
  /** The whole job: caller fields, `task` (the discriminator) and the parsed `args`. */
  readonly schema: z.ZodObject<typeof taskCallerSchema.shape & { task: z.ZodLiteral<N>; args: A }>;
  /** The job data a command enqueues. */
  job(args: z.input<A>, caller: TaskCaller): TaskJobOf<N, z.input<A>>;
}

export type TaskJobOf<N extends TaskName, A> = TaskCaller & { readonly task: N; readonly args: A };

export function defineTask<N extends TaskName, A extends z.ZodType>(name: N, args: A): TaskDefinition<N, A> {
  return {
    name,
    schema: taskCallerSchema.extend({ task: z.literal(name), args }),
    job: (parsed, caller) => ({ ...caller, task: name, args: parsed }),
  };
}

/**
 * The job shape before typed tasks (`{command, text, …}`): jobs queued by an older version are
 * recognised so the worker can ask the caller to run the command again instead of failing them.
 */
export const legacyTaskJobSchema = taskCallerSchema.extend({ command: z.string(), text: z.string() });
