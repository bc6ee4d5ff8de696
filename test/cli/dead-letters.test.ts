import { readFileSync } from 'node:fs';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadLetterStore } from '../../src/alerts/intake/dead-letters.js';
import { QueueName } from '../../src/platform/queue/names.js';
import { runCliForTest } from '../support/cli.js';
import { deletePrefix, testRedisClient, testRedisUrl, uniquePrefix } from '../support/redis.js';

const goodEvent = JSON.parse(
  readFileSync(
    new URL('../fixtures/alerts/guardduty/eventbridge-redacted-dns.json', import.meta.url),
    'utf8',
  ),
) as Record<string, unknown>;

describe('watchkeeper dead-letters', () => {
  const prefix = uniquePrefix('dl');
  const redis = testRedisClient();
  const env = {
    REDIS_URL: testRedisUrl(),
    WATCHKEEPER_QUEUE_PREFIX: prefix,
    SLACK_BOT_TOKEN: 'xoxb-x',
    SLACK_APP_TOKEN: 'xapp-x',
  };
  const store = new DeadLetterStore(redis, prefix);
  let unreadable = '';
  let fixable = '';
  beforeAll(async () => {
    const at = new Date('2026-11-20T10:00:00Z');
    unreadable = (
      await store.add({
        job: {
          kind: 'eventbridge-event',
          receivedAt: at.toISOString(),
          origin: 'eventbridge',
          payload: { nope: true },
        },
        reason: 'fits no shape',
        problems: [{ path: 'detail-type', message: 'required' }],
        at,
      })
    ).id;
    // A letter whose input is readable today (as after a normalizer fix).
    fixable = (
      await store.add({
        job: {
          kind: 'eventbridge-event',
          receivedAt: at.toISOString(),
          origin: 'eventbridge',
          payload: goodEvent,
        },
        reason: 'old bug',
        problems: [],
        at: new Date(at.getTime() + 1000),
      })
    ).id;
  });
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('lists dead letters with their reasons', async () => {
    const run = await runCliForTest(['dead-letters', 'list', '--format', 'json'], env);
    expect(run.code).toBe(0);
    const listed = JSON.parse(run.stdout) as {
      total: number;
      letters: Array<{ id: string; reason: string }>;
    };
    expect(listed.total).toBe(2);
    expect(listed.letters.map((l) => l.id)).toEqual([unreadable, fixable]);
  });

  it('replays: a readable letter is queued and leaves the list; an unreadable one stays with its new reason', async () => {
    const run = await runCliForTest(['dead-letters', 'replay', '--all'], env);
    expect(run.stdout).toContain(`${fixable}: accepted (1 alert queued)`);
    expect(run.stdout).toContain(`${unreadable}: still-rejected`);
    expect(run.code).toBe(1);
    const left = await store.list();
    expect(left.letters.map((l) => l.id)).toEqual([unreadable]);
    expect(left.letters[0]?.replays).toBe(1);
    const queue = new Queue(QueueName.Alerts, { connection: redis, prefix });
    expect(await queue.getWaitingCount()).toBe(1);
    await queue.close();
  });

  it('asks for ids or --all', async () => {
    const run = await runCliForTest(['dead-letters', 'replay'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--all/);
  });
});
