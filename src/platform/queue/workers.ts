import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppContext } from '../context.js';
import type { ProcessorBinding } from './processors.js';

/** Errors with which a processor asks BullMQ to move the job, not to fail it. */
const NOT_FAILURES: ReadonlySet<string> = new Set([
  'DelayedError',
  'WaitingError',
  'WaitingChildrenError',
  'RateLimitError',
]);

/**
 * For a processor that catches its own error: true when BullMQ will not retry this attempt's
 * failure (UnrecoverableError, or no attempt left). Inside the processor `attemptsMade` does not
 * count the running attempt yet, hence the + 1; it mirrors BullMQ's own retry decision.
 */
export function failsForGood(job: Pick<Job, 'attemptsMade' | 'opts'>, error: unknown): boolean {
  if (error instanceof Error && NOT_FAILURES.has(error.name)) return false;
  if (error instanceof UnrecoverableError || (error instanceof Error && error.name === 'UnrecoverableError'))
    return true;
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/** How many times a job may be recovered from a dead worker before it fails. */
export const MAX_STALLED_COUNT = 3;

export interface RunningWorkers {
  /** Stops taking jobs, waits up to `graceMs` for in-flight ones, then closes. */
  close(graceMs: number): Promise<{ drained: boolean }>;
  readonly workers: readonly Worker[];
}

/**
 * One BullMQ Worker per queue that has processors; each job is dispatched by its name. A job
 * whose name nobody handles fails permanently (retrying cannot help) and stays in the failed
 * set where an operator can see it.
 */
export function startWorkers(
  ctx: AppContext,
  connection: Redis,
  bindings: readonly ProcessorBinding[],
): RunningWorkers {
  const byQueue = new Map<string, Map<string, ProcessorBinding>>();
  for (const binding of bindings) {
    const jobs = byQueue.get(binding.queue) ?? new Map<string, ProcessorBinding>();
    if (jobs.has(binding.job))
      throw new Error(`two processors for job ${binding.job} on queue ${binding.queue}`);
    jobs.set(binding.job, binding);
    byQueue.set(binding.queue, jobs);
  }
  // In-flight jobs, so a stop can wait for them with a bound: BullMQ's own close() either waits
  // without limit or (forced) not at all, and a second close() call joins the first.
  const inFlight = new Set<Promise<unknown>>();
  const workers = [...byQueue.entries()].map(([queue, jobs]) => {
    const worker = new Worker(
      queue,
      async (job, token) => {
        const binding = jobs.get(job.name);
        if (!binding) throw new UnrecoverableError(`no processor for job "${job.name}" on queue ${queue}`);
        const timer = ctx.metrics.handlerLatency.startTimer({ kind: 'job', name: job.name });
        const run = binding.handle(job, ctx, token);
        inFlight.add(run);
        try {
          return await run;
        } finally {
          inFlight.delete(run);
          timer();
        }
      },
      {
        connection,
        prefix: ctx.config.redis.prefix,
        concurrency: ctx.config.workers.concurrency,
        // A stall means the process holding the job died (SIGKILL, OOM, a lost host). BullMQ fails
        // a job on its second stall by default, so a job held by two workers that both die in a
        // rolling restart or a crash loop was lost; every job here is safe to run again (alerts
        // are deduplicated by event, cards and messages by the outbox), so allow a few.
        maxStalledCount: MAX_STALLED_COUNT,
        autorun: true,
      },
    );
    worker.on('completed', (job) => ctx.metrics.jobsCompleted.inc({ queue, job: job.name }));
    worker.on('failed', (job, error) => {
      const final =
        !job || job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError;
      ctx.metrics.jobsFailed.inc({ queue, job: job?.name ?? 'unknown', final: String(final) });
      ctx.logger[final ? 'error' : 'warn'](
        { err: error, queue, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade },
        final ? 'job failed for good' : 'job failed; will retry',
      );
    });
    worker.on('error', (error) =>
      ctx.logger.warn({ err: { message: error.message }, queue }, 'worker error'),
    );
    return worker;
  });

  return {
    workers,
    async close(graceMs) {
      await Promise.all(workers.map((w) => w.pause(true)));
      const settled = Promise.allSettled([...inFlight]).then(() => true);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), graceMs);
      });
      const drained = await Promise.race([settled, timeout]);
      clearTimeout(timer);
      if (!drained) {
        ctx.logger.warn(
          { graceMs, inFlight: inFlight.size },
          'in-flight jobs did not finish within the grace period; closing anyway (BullMQ hands them to another worker as stalled)',
        );
      }
      await Promise.all(workers.map((w) => w.close(!drained)));
      return { drained };
    },
  };
}
