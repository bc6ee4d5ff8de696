import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestTask } from '../../src/digest/task.js';
import { ownerTask, parseOwnerQuery } from '../../src/ownership/query.js';
import type { AppContext } from '../../src/platform/context.js';
import { createSilentLogger } from '../../src/platform/log/logger.js';
import { JobName, QueueName } from '../../src/platform/queue/names.js';
import { commandTasksWorkflow, taskJobSchema } from '../../workflows/command-tasks.js';
import { testConfig } from '../support/config.js';

/** A response_url endpoint: what the worker answered, in order. */
let server: Server;
let responseUrl = '';
const answers: Array<{ text: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      answers.push(JSON.parse(body) as { text: string });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  responseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/respond`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const ctx = {
  config: testConfig(),
  logger: createSilentLogger(),
  now: () => new Date(),
} as unknown as AppContext;
const processor = commandTasksWorkflow({}).processors?.find(
  (p) => p.queue === QueueName.Tasks && p.job === JobName.Command,
);
const handle = (data: unknown) => {
  if (!processor) throw new Error('command-tasks has no task.command processor');
  return processor.handle({ data, id: 'j1', attemptsMade: 0 } as unknown as Job, ctx, undefined);
};

describe('the command-tasks worker', () => {
  it('accepts exactly the typed tasks the commands enqueue', () => {
    const caller = { userId: 'U0RESPOND1', channelId: 'C0SECOPS01' };
    expect(taskJobSchema.safeParse(ownerTask.job(parseOwnerQuery('role/web-app-role'), caller)).success).toBe(
      true,
    );
    expect(taskJobSchema.safeParse(digestTask.job({ mode: 'post' }, caller)).success).toBe(true);
    expect(taskJobSchema.safeParse({ ...caller, task: 'reboot', args: {} }).success).toBe(false);
  });

  it('answers a task queued by an older version with a request to run the command again', async () => {
    const result = await handle({
      command: 'owner',
      text: 'i-0abc1234',
      userId: 'U0RESPOND1',
      channelId: 'C0SECOPS01',
      responseUrl,
    });
    expect(result).toEqual({ answered: true, legacy: true });
    expect(answers.at(-1)?.text).toMatch(/upgraded while this command waited.*run the command again/);
  });

  it('fails for good on job data that is neither a typed task nor the old shape', async () => {
    await expect(handle({ task: 'owner', args: { kind: 'tag' } })).rejects.toThrow(
      /task job data is invalid/,
    );
  });

  it('answers a task whose feature is not wired in this process without retrying it', async () => {
    const job = digestTask.job({ mode: 'preview' }, { userId: 'U0RESPOND1', channelId: 'C0X', responseUrl });
    await expect(handle(job)).rejects.toThrow(/the digest is not wired in this process/);
  });
});
