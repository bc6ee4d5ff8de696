import { setTimeout as sleep } from 'node:timers/promises';
import type { Job } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningWatchkeeper, startWatchkeeper } from '../../src/main/start.js';
import { JobName, QueueName } from '../../src/platform/queue/names.js';
import type { Workflow } from '../../src/platform/queue/processors.js';
import { testConfig } from '../support/config.js';
import { captureLogs } from '../support/log-capture.js';

function slowWorkflow(ms: number, seen: string[]): Workflow {
  return {
    name: 'test-slow',
    processors: [
      {
        queue: QueueName.Tasks,
        job: JobName.Command,
        async handle(job: Job) {
          seen.push(`start ${job.id}`);
          await sleep(ms);
          seen.push(`end ${job.id}`);
          return 'done';
        },
      },
    ],
  };
}

let running: RunningWatchkeeper | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function waitFor(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('graceful stop', () => {
  it('lets an in-flight job finish before closing, then reports drained', async () => {
    const seen: string[] = [];
    const { logger } = captureLogs();
    running = await startWatchkeeper({
      config: testConfig(),
      role: 'worker',
      logger,
      workflows: [slowWorkflow(800, seen)],
      commands: [],
    });
    const job = await running.ctx.queues.tasks.add(JobName.Command, {}, { jobId: 'drain-1' });
    await waitFor(() => seen.includes('start drain-1'));
    const result = await running.stop();
    expect(result.drained).toBe(true);
    expect(seen).toEqual(['start drain-1', 'end drain-1']);
    const state = await job.getState().catch(() => 'unknown');
    expect(['completed', 'unknown']).toContain(state);
  });

  it('stops waiting after the grace period and says so', async () => {
    const seen: string[] = [];
    const { logger, text } = captureLogs();
    running = await startWatchkeeper({
      config: testConfig({ WATCHKEEPER_SHUTDOWN_GRACE_MS: '200' }),
      role: 'worker',
      logger,
      workflows: [slowWorkflow(5_000, seen)],
      commands: [],
    });
    await running.ctx.queues.tasks.add(JobName.Command, {}, { jobId: 'slow-1' });
    await waitFor(() => seen.includes('start slow-1'));
    const result = await running.stop();
    expect(result.drained).toBe(false);
    expect(text()).toContain('did not finish within the grace period');
  });

  it('serves /healthz on every role and answers 404 as JSON', async () => {
    const { logger } = captureLogs();
    running = await startWatchkeeper({
      config: testConfig(),
      role: 'scheduler',
      logger,
      workflows: [],
      commands: [],
    });
    expect(await (await fetch(`${running.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const missing = await fetch(`${running.url}/nope`);
    expect(missing.status).toBe(404);
  });
});
