import { afterAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/platform/context.js';
import { createLogger } from '../../../src/platform/log/logger.js';
import { JobName, QueueName } from '../../../src/platform/queue/names.js';
import type { Workflow } from '../../../src/platform/queue/processors.js';
import { createQueues } from '../../../src/platform/queue/queues.js';
import { upsertSchedulers } from '../../../src/platform/queue/schedulers.js';
import { deletePrefix, testRedisClient, uniquePrefix } from '../../support/redis.js';

describe('the scheduler role', () => {
  const redis = testRedisClient();
  const prefix = uniquePrefix('sched');
  const queues = createQueues(redis, prefix);
  const ctx = { queues, logger: createLogger({ level: 'silent' }) } as unknown as AppContext;
  afterAll(async () => {
    await queues.close();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('puts configured schedulers in place, prunes the ones config dropped, and keeps run-time ones', async () => {
    const configured = (ids: string[]): Workflow => ({
      name: 'configured',
      schedulers: () =>
        ids.map((id) => ({
          queue: QueueName.Schedules,
          id,
          repeat: { every: 60_000 },
          job: JobName.WeeklyDigest,
          data: {},
        })),
    });
    const campaigns: Workflow = { name: 'campaigns', runtimeSchedulerPrefixes: ['access-review-reminders-'] };
    await upsertSchedulers(ctx, [configured(['a', 'b']), campaigns]);
    // A campaign started at run time adds its own reminder scheduler.
    await queues.schedules.upsertJobScheduler(
      'access-review-reminders-c1',
      { every: 3_600_000 },
      { name: JobName.AccessReviewReminder },
    );
    await upsertSchedulers(ctx, [configured(['a']), campaigns]);
    const ids = (await queues.schedules.getJobSchedulers(0, -1)).map((s) => s.key).sort();
    expect(ids).toEqual(['a', 'access-review-reminders-c1']);
    await expect(upsertSchedulers(ctx, [configured(['bad:id'])])).rejects.toThrow(/must not contain ':'/);
  });
});
