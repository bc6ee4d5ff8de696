import type { Job } from 'bullmq';
import type { AppContext } from '../context.js';
import type { JobName, QueueName } from './names.js';

/** One job kind's handler. Throw `UnrecoverableError` for permanent failures; anything else retries. */
export interface ProcessorBinding {
  readonly queue: QueueName;
  readonly job: JobName;
  /** `token` is the worker's lock token, for `job.moveToDelayed(at, token)` + `DelayedError`. */
  handle(job: Job, ctx: AppContext, token?: string): Promise<unknown>;
}

/** A job scheduler the `scheduler` role keeps in place (BullMQ `upsertJobScheduler`). */
export interface SchedulerEntry {
  readonly queue: QueueName;
  /** Stable id, no `:`. Entries no longer produced by config are removed at start-up. */
  readonly id: string;
  readonly repeat: { every: number } | { pattern: string; tz?: string };
  readonly job: JobName;
  readonly data: unknown;
}

/** What a workflow (workflows/*.ts) contributes to the runtime. */
export interface Workflow {
  readonly name: string;
  readonly processors?: readonly ProcessorBinding[];
  schedulers?(ctx: AppContext): readonly SchedulerEntry[];
  /**
   * Id prefixes of job schedulers this workflow creates while it runs (not from config), such as
   * one campaign's reminders; the scheduler role leaves them alone when it prunes.
   */
  readonly runtimeSchedulerPrefixes?: readonly string[];
}
