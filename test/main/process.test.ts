import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobName, QueueName } from '../../src/platform/queue/names.js';
import { CANARY } from '../support/config.js';
import { testRedisClient, testRedisUrl, uniquePrefix } from '../support/redis.js';

/**
 * The real CLI process (`npm test` builds dist/ first): SIGTERM while a job is in flight lets it
 * finish, then the process exits 0. The in-flight job is an /owner task whose answer goes to a
 * response_url that takes 1.5 s to reply.
 */
const bin = fileURLToPath(new URL('../../bin/watchkeeper.js', import.meta.url));

describe('watchkeeper start (process)', () => {
  const prefix = uniquePrefix('proc');
  const redis = testRedisClient();
  let slowServer: Server;
  let slowUrl = '';
  let answered = 0;
  beforeAll(async () => {
    slowServer = createServer((req, res) => {
      req.resume();
      setTimeout(() => {
        answered += 1;
        res.end('ok');
      }, 1_500);
    });
    await new Promise<void>((r) => slowServer.listen(0, '127.0.0.1', r));
    slowUrl = `http://127.0.0.1:${(slowServer.address() as AddressInfo).port}/respond`;
  });
  afterAll(async () => {
    slowServer.close();
    redis.disconnect();
  });

  it('drains the in-flight job on SIGTERM and exits 0', async () => {
    const child: ChildProcess = spawn(process.execPath, [bin, 'start', '--role', 'worker'], {
      env: {
        PATH: process.env.PATH,
        REDIS_URL: testRedisUrl(),
        WATCHKEEPER_QUEUE_PREFIX: prefix,
        SLACK_BOT_TOKEN: CANARY.botToken,
        SLACK_SIGNING_SECRET: CANARY.signingSecret,
        SLACK_API_URL: 'http://127.0.0.1:9/api/',
        HOST: '127.0.0.1',
        PORT: '0',
        WATCHKEEPER_ADMIN_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 200 && !output.includes('watchkeeper started'); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(output).toContain('watchkeeper started');

    const queue = new Queue(QueueName.Tasks, { connection: redis, prefix });
    const job = await queue.add(JobName.Command, {
      command: 'owner',
      text: '123456789012',
      userId: 'U1',
      channelId: 'C1',
      responseUrl: slowUrl,
    });
    for (let i = 0; i < 200 && (await job.getState()) !== 'active'; i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(await job.getState()).toBe('active');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(answered).toBe(1);
    expect(await job.getState()).toBe('completed');
    expect(output).toContain('"drained":true');
    expect(output).not.toContain(CANARY.botToken);
    await queue.close();
  });
});
