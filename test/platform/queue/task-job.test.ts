import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TaskName } from '../../../src/platform/queue/names.js';
import { defineTask, legacyTaskJobSchema } from '../../../src/platform/queue/task-job.js';

const task = defineTask(TaskName.Digest, z.object({ mode: z.enum(['preview', 'post']) }));
const caller = { userId: 'U0RESPOND1', channelId: 'C0SECOPS01', responseUrl: 'http://127.0.0.1:1/r' };

describe('defineTask', () => {
  it('builds job data that its own schema accepts, args and caller as given', () => {
    const job = task.job({ mode: 'preview' }, caller);
    expect(job).toEqual({ ...caller, task: 'digest', args: { mode: 'preview' } });
    expect(task.schema.parse(JSON.parse(JSON.stringify(job)))).toEqual(job);
  });

  it('refuses a job whose args do not fit the task, or that names another task', () => {
    expect(task.schema.safeParse({ ...caller, task: 'digest', args: { mode: 'now' } }).success).toBe(false);
    expect(task.schema.safeParse({ ...caller, task: 'owner', args: { mode: 'post' } }).success).toBe(false);
    expect(task.schema.safeParse({ task: 'digest', args: { mode: 'post' } }).success).toBe(false);
  });

  it('refuses a request id that could not be a job id', () => {
    const job = { ...task.job({ mode: 'post' }, caller), requestId: 'a:b' };
    expect(task.schema.safeParse(job).success).toBe(false);
  });
});

describe('legacyTaskJobSchema', () => {
  it('recognises the job shape queued before typed tasks, and not the typed one', () => {
    expect(legacyTaskJobSchema.safeParse({ ...caller, command: 'owner', text: 'i-0abc' }).success).toBe(true);
    expect(legacyTaskJobSchema.safeParse(task.job({ mode: 'post' }, caller)).success).toBe(false);
  });
});
