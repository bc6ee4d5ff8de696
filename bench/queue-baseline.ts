import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { round, type Scenario } from './lib/harness.js';

/**
 * The queue's own limit on this machine: bare BullMQ, 20,000 jobs with a 2 KB payload added
 * with addBulk and processed by a no-op worker at concurrency 100. `pipeline` is compared to it.
 */
export const JOBS = 20_000;
const PAYLOAD = 'x'.repeat(2048);
const BATCH = 1_000;

export async function measureQueueBaseline(
  redisUrl: string,
): Promise<{ jobs_per_s: number; jobs: number; seconds: number }> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const prefix = `bench-${Date.now().toString(36)}`;
  const queue = new Queue('baseline', { connection, prefix });
  const workerConnection = connection.duplicate();
  let done = 0;
  let resolveDone: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  const worker = new Worker(
    'baseline',
    async () => {
      done += 1;
      if (done === JOBS) resolveDone();
    },
    { connection: workerConnection, prefix, concurrency: 100, removeOnComplete: { count: 1000 } },
  );
  await worker.waitUntilReady();
  const started = performance.now();
  for (let i = 0; i < JOBS; i += BATCH) {
    await queue.addBulk(
      Array.from({ length: Math.min(BATCH, JOBS - i) }, (_, j) => ({
        name: 'noop',
        data: { i: i + j, payload: PAYLOAD },
      })),
    );
  }
  await allDone;
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  workerConnection.disconnect();
  return { jobs_per_s: round(JOBS / seconds), jobs: JOBS, seconds: round(seconds, 2) };
}

export const queueBaseline: Scenario = {
  name: 'queue-baseline',
  async run({ redisUrl }) {
    return measureQueueBaseline(redisUrl);
  },
};
