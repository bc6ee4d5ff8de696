import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../log/logger.js';
import { ALL_QUEUES, type QueueName } from './names.js';

/**
 * Queue handles for producers. Jobs are kept after completion for a while on purpose: a custom
 * job id is only deduplicated while its job still exists, and the GuardDuty overlap window and
 * SNS/EventBridge retries fall well inside these ages.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 100_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

export type Queues = Readonly<Record<QueueName, Queue>> & { close(): Promise<void> };

export function createQueues(connection: Redis, prefix: string, logger?: Logger): Queues {
  const entries = ALL_QUEUES.map((name) => {
    const queue = new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
    // Connection errors are logged once by the connection itself; without a listener here
    // EventEmitter would turn each one into an uncaught error.
    queue.on('error', (error: Error) =>
      logger?.debug({ queue: name, err: { message: error.message } }, 'queue error'),
    );
    return [name, queue] as const;
  });
  const map = Object.fromEntries(entries) as Record<QueueName, Queue>;
  return Object.freeze({
    ...map,
    async close() {
      await Promise.all(entries.map(([, q]) => q.close()));
    },
  });
}
