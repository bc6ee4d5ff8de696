import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import { composer } from '../../src/main/compose.js';
import { type RunningWatchkeeper, startWatchkeeper } from '../../src/main/start.js';
import { loadConfig } from '../../src/platform/config/load.js';
import { createLogger } from '../../src/platform/log/logger.js';
import { createSlackStandIn, type SlackStandIn } from '../../src/sandbox/slack-api/index.js';

/**
 * The whole product on one machine for benchmarks: the Slack API stand-in and Watchkeeper (every
 * role in one process, the production composition), against the scenario's private Redis.
 */
export const BENCH_KEY = 'bench-eventbridge-key-0123456789abcdef';
export const RESPONDER = 'U0BENCHRSP';

export interface Rig {
  readonly slack: SlackStandIn;
  readonly bot: RunningWatchkeeper;
  post(events: unknown[]): Promise<number>;
  stop(): Promise<void>;
}

export async function startRig(options: {
  redisUrl: string;
  channels: string[];
  routingYaml: string;
  concurrency?: number;
}): Promise<Rig> {
  const slack = createSlackStandIn({
    users: [{ id: RESPONDER, name: 'bench.responder' }],
    channels: options.channels.map((id, i) => ({ id, name: `bench-${i}` })),
  });
  await slack.start();
  const yaml = `${options.routingYaml}\nincidents:\n  threadLog: false\n`;
  const config = loadConfig({
    readFile: () => yaml,
    env: {
      WATCHKEEPER_CONFIG: 'bench.yaml',
      REDIS_URL: options.redisUrl,
      WATCHKEEPER_QUEUE_PREFIX: `bench${Date.now().toString(36)}`,
      SLACK_BOT_TOKEN: slack.options.botToken,
      SLACK_SIGNING_SECRET: slack.options.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      HOST: '127.0.0.1',
      PORT: '0',
      WATCHKEEPER_EVENTBRIDGE_API_KEY: BENCH_KEY,
      WATCHKEEPER_DEFAULT_CHANNEL: options.channels[0],
      WATCHKEEPER_RESPONDERS: RESPONDER,
      WATCHKEEPER_GUARDDUTY_SYNC: 'false',
      // Several processes share this host: each takes any free admin port.
      WATCHKEEPER_ADMIN_PORT: '0',
      WATCHKEEPER_WORKER_CONCURRENCY: String(options.concurrency ?? 50),
      WATCHKEEPER_BODY_LIMIT_BYTES: String(8 * 1024 * 1024),
    },
  });
  const bot = await startWatchkeeper({
    config,
    role: 'all',
    logger: createLogger({ level: 'silent' }),
    compose: await composer()(config),
  });
  slack.sender.setRequestUrl(`${bot.url}/slack/events`);
  return {
    slack,
    bot,
    async post(events) {
      const res = await fetch(`${bot.url}/intake/eventbridge`, {
        method: 'POST',
        body: JSON.stringify(events),
        headers: { 'content-type': 'application/json', [API_KEY_HEADER]: BENCH_KEY },
      });
      await res.arrayBuffer();
      return res.status;
    },
    async stop() {
      await bot.stop();
      await slack.stop();
    },
  };
}

const template = JSON.parse(
  readFileSync(
    fileURLToPath(
      new URL('../../../test/fixtures/alerts/guardduty/eventbridge-redacted-dns.json', import.meta.url),
    ),
    'utf8',
  ),
) as { detail: Record<string, unknown> & { service: Record<string, unknown> } };

/** One GuardDuty Finding event: occurrence `count` of finding `n` in `account`. */
export function findingEvent(n: number, count: number, account: string): unknown {
  const at = new Date(Date.UTC(2026, 10, 1) + n * 1000 + count).toISOString();
  const id = `bench${String(n).padStart(27, '0')}`;
  return {
    version: '0',
    id: `evt-${id}-${count}`,
    'detail-type': 'GuardDuty Finding',
    source: 'aws.guardduty',
    account,
    time: at,
    region: 'eu-west-1',
    resources: [],
    detail: {
      ...template.detail,
      id,
      accountId: account,
      title: `bench finding ${id}`,
      type: 'UnauthorizedAccess:EC2/SSHBruteForce',
      updatedAt: at,
      resource: {
        resourceType: 'Instance',
        instanceDetails: { instanceId: `i-${n.toString(16).padStart(17, '0')}` },
      },
      service: { ...template.detail.service, count, eventFirstSeen: at, eventLastSeen: at },
    },
  };
}

/** Sum of occurrences over every incident the engine stored under `prefix`, and how many incidents. */
export async function countIncidents(
  redis: Pick<Redis, 'scan' | 'mget'>,
  prefix: string,
): Promise<{ incidents: number; occurrences: number }> {
  let cursor = '0';
  let incidents = 0;
  let occurrences = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:inc:incident:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) {
      for (const raw of await redis.mget(...keys)) {
        if (!raw) continue;
        incidents += 1;
        occurrences += (JSON.parse(raw) as { occurrences: number }).occurrences;
      }
    }
  } while (cursor !== '0');
  return { incidents, occurrences };
}

export function incidentTotals(rig: Rig): Promise<{ incidents: number; occurrences: number }> {
  return countIncidents(rig.bot.ctx.redis, rig.bot.ctx.config.redis.prefix);
}

export async function queueIdle(rig: Rig, queue: 'alerts' | 'slack-outbox'): Promise<boolean> {
  const counts = await rig.bot.ctx.queues[queue].getJobCounts('waiting', 'active', 'delayed', 'prioritized');
  return Object.values(counts).every((n) => n === 0);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
