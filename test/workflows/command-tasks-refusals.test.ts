import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerTask, parseOwnerQuery } from '../../src/ownership/query.js';
import { createAuditLog } from '../../src/platform/audit/audit.js';
import { readAudit } from '../../src/platform/audit/export.js';
import type { AppContext } from '../../src/platform/context.js';
import { PermissionError } from '../../src/platform/errors.js';
import { createSilentLogger } from '../../src/platform/log/logger.js';
import { JobName, QueueName } from '../../src/platform/queue/names.js';
import { commandTasksWorkflow } from '../../workflows/command-tasks.js';
import { testConfig } from '../support/config.js';
import { deletePrefix, testRedisClient, uniquePrefix } from '../support/redis.js';

/**
 * A task refused for a missing role is on the audit record like a refused command or click. The
 * PermissionError is raised where a feature function would raise it: the owner look-up.
 */

let redis: Redis;
const prefix = uniquePrefix('ct-refusal');

beforeAll(() => {
  redis = testRedisClient();
});
afterAll(async () => {
  await deletePrefix(redis, prefix);
  await redis.quit();
});

function contextWith(audit: AppContext['audit']): AppContext {
  const logger = createSilentLogger();
  return { config: testConfig(), logger, now: () => new Date(), audit, redis } as unknown as AppContext;
}

function runOwnerTask(ctx: AppContext, refuse: boolean) {
  const processor = commandTasksWorkflow({
    ownersRegistry: async () => {
      if (refuse) throw new PermissionError('read the owners registry', 'responder');
      throw new Error('the registry is down');
    },
  }).processors?.find((p) => p.queue === QueueName.Tasks && p.job === JobName.Command);
  if (!processor) throw new Error('command-tasks has no task.command processor');
  const data = ownerTask.job(parseOwnerQuery('role/web-app-role'), {
    userId: 'U0BYSTAND1',
    channelId: 'C0SECOPS01',
  });
  return processor.handle({ data, id: 'j1', attemptsMade: 0 } as unknown as Job, ctx, undefined);
}

describe('a command task refused for a missing role', () => {
  it('is audited with who asked, which task and the role it needs, and is answered, not retried', async () => {
    const ctx = contextWith(createAuditLog({ redis, prefix, logger: createSilentLogger() }));
    await expect(runOwnerTask(ctx, true)).resolves.toEqual({ answered: false });
    expect(await readAudit(redis, prefix, new Date(0))).toEqual([
      expect.objectContaining({
        who: 'U0BYSTAND1',
        action: 'refused.owner',
        detail: 'Not allowed: read the owners registry needs the responder role',
      }),
    ]);
  });

  it('is retried when the refusal cannot be put on record', async () => {
    const ctx = contextWith({
      record: async () => {
        throw new Error('Redis is unavailable');
      },
      stage: () => {
        throw new Error('a refusal is recorded, not staged');
      },
    });
    await expect(runOwnerTask(ctx, true)).rejects.toThrow(/Redis is unavailable/);
  });

  it('leaves other failures off the audit record (they are retried, not refused)', async () => {
    const other = uniquePrefix('ct-other');
    const ctx = contextWith(createAuditLog({ redis, prefix: other, logger: createSilentLogger() }));
    await expect(runOwnerTask(ctx, false)).rejects.toThrow(/the registry is down/);
    expect(await readAudit(redis, other, new Date(0))).toEqual([]);
  });
});
