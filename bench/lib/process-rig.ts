import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import { QueueName } from '../../src/platform/queue/names.js';
import { freePort } from '../../src/sandbox/redis-server.js';
import { exitedBotProcess } from './bot-processes.js';
import { readDeployedNodeOptions } from './deployed-node-options.js';
import { commandStats, infoNumber, type ScriptSample, sampleCommands, totalCalls } from './redis-profile.js';
import { BENCH_KEY, countIncidents, RESPONDER } from './rig.js';
import {
  type SlackRequestLoad,
  type SlackRequestLoadResult,
  SlackRequestLoadResultSchema,
} from './slack-request-load.js';

/**
 * Watchkeeper as it is deployed, for the fair benchmarks: the built CLI started as a `web`
 * process and one or more `worker` processes, the Slack stand-in in a process of its own
 * (`stand-in-process.ts`), and this process as the load generator. Slack's own requests (signed
 * slash commands and clicks) are sent by the stand-in's process, which holds what they refer to
 * (`sendSlackRequests`). Besides throughput it reads what the bot costs: CPU seconds of the bot's
 * processes (from /proc) and Redis commands (from `INFO commandstats`).
 */
const bin = fileURLToPath(new URL('../../../bin/watchkeeper.js', import.meta.url));
const standInMain = fileURLToPath(new URL('./stand-in-process.js', import.meta.url));

/** A top-level message the stand-in saw posted or updated, with the epoch ms it happened. */
export interface CardEvent {
  readonly e: 'post' | 'update';
  readonly t: number;
  readonly channel: string;
  readonly ts: string;
  readonly blocks: unknown[];
}

export interface ProcessRig {
  readonly prefix: string;
  post(events: unknown[]): Promise<number>;
  /** Every card post and update the stand-in has reported so far. */
  readonly cardEvents: CardEvent[];
  onCardEvent(listener: (event: CardEvent) => void): void;
  slackStats(): Promise<{ posts: number; updates: number }>;
  /**
   * Has the stand-in send Slack's signed requests to the web process's Slack endpoint (see
   * slack-request-load.ts); resolves with their timings once every one is answered.
   */
  sendSlackRequests(load: Omit<SlackRequestLoad, 'requestUrl'>): Promise<SlackRequestLoadResult>;
  /** CPU seconds (user + system) used so far by each bot process, by role. */
  botCpuSeconds(): Record<string, number>;
  /** CPU seconds used so far by the Slack stand-in's process (the rig's, not the bot's). */
  standInCpuSeconds(): number;
  /** Sum of every Redis command's calls so far (`INFO commandstats`). */
  redisCommands(): Promise<number>;
  /** Calls so far per command name (`INFO commandstats`, Lua-internal calls included). */
  redisCommandStats(): Promise<Map<string, number>>;
  /**
   * Samples every command by script (`redis-cli MONITOR` for `windowMs` of every `everyMs`;
   * MONITOR slows Redis, so only when profiling) until stopped.
   */
  sampleRedisCommands(windowMs: number, everyMs: number): { stop(): Promise<ScriptSample> };
  /** Bytes Redis uses for data (`INFO memory` used_memory). */
  redisUsedMemory(): Promise<number>;
  /** CPU seconds (user + system) Redis has used so far (`INFO cpu`). */
  redisCpuSeconds(): Promise<number>;
  /** Bytes Redis has read from and written to its clients so far (`INFO stats`). */
  redisNetBytes(): Promise<{ readonly input: number; readonly output: number }>;
  /** Resident set size (MB) of each bot process, by role, from /proc. */
  botRssMb(): Record<string, number>;
  queueIdle(queue: 'alerts' | 'slack-outbox'): Promise<boolean>;
  /** Jobs on the queue not yet done: waiting, active, delayed or prioritized. */
  queueBacklog(queue: 'alerts' | 'slack-outbox'): Promise<number>;
  incidentTotals(): Promise<{ incidents: number; occurrences: number }>;
  stop(): Promise<void>;
}

export interface ProcessRigOptions {
  readonly redisUrl: string;
  readonly channels: readonly string[];
  readonly routingYaml: string;
  readonly workers?: number;
  readonly concurrency?: number;
  /**
   * Worker processes write a V8 CPU profile (`--cpu-prof`) here when they stop; open it in
   * Chrome DevTools or summarise it with `node dist/bench/lib/cpu-profile-summary.js FILE`.
   */
  readonly workerCpuProfileDir?: string;
}

/**
 * Profiling only: extra Node flags for one role's processes, from the bench's own environment
 * (`WATCHKEEPER_BENCH_WEB_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p --trace-gc"`), split on
 * spaces. The bot's processes get no other part of the bench's environment.
 */
function benchNodeArgs(role: string): string[] {
  const flags = process.env[`WATCHKEEPER_BENCH_${role.toUpperCase()}_NODE_ARGS`];
  return flags ? flags.split(' ').filter(Boolean) : [];
}

/**
 * Profiling only: where one role's stdout goes (`WATCHKEEPER_BENCH_WEB_STDOUT=/tmp/web.log`, for
 * `--trace-gc`'s lines); ignored otherwise.
 */
function benchStdout(role: string): 'ignore' | number {
  const file = process.env[`WATCHKEEPER_BENCH_${role.toUpperCase()}_STDOUT`];
  return file ? openSync(file, 'a') : 'ignore';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CLOCK_TICKS_PER_S = 100;

function procStat(pid: number | undefined): { cpuSeconds: number; rssMb: number } {
  if (!pid) return { cpuSeconds: 0, rssMb: 0 };
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at the closing paren.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const rssPages = Number(fields[21]);
    return {
      cpuSeconds: (utime + stime) / CLOCK_TICKS_PER_S,
      rssMb: Math.round((rssPages * 4096) / 1048576),
    };
  } catch {
    return { cpuSeconds: 0, rssMb: 0 };
  }
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

async function startStandIn(channels: readonly string[]) {
  const child = spawn(process.execPath, [standInMain], {
    env: {
      PATH: process.env.PATH,
      BENCH_STAND_IN: JSON.stringify({ channels, users: [{ id: RESPONDER, name: 'bench.responder' }] }),
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const cardEvents: CardEvent[] = [];
  const listeners: Array<(event: CardEvent) => void> = [];
  const statsWaiters: Array<(stats: { posts: number; updates: number }) => void> = [];
  const loadWaiters: Array<Waiter<SlackRequestLoadResult>> = [];
  let ready: ((info: { apiUrl: string; botToken: string; signingSecret: string }) => void) | undefined;
  const readyPromise = new Promise<{ apiUrl: string; botToken: string; signingSecret: string }>((resolve) => {
    ready = resolve;
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as Record<string, unknown>;
    if (message.ready) ready?.(message as never);
    else if (message.stats) statsWaiters.shift()?.(message.stats as never);
    else if (message.slackRequestsDone)
      loadWaiters.shift()?.resolve(SlackRequestLoadResultSchema.parse(message.slackRequestsDone));
    else if (message.slackRequestsFailed)
      loadWaiters.shift()?.reject(new Error(`Slack stand-in: ${String(message.slackRequestsFailed)}`));
    else {
      const event = message as unknown as CardEvent;
      cardEvents.push(event);
      for (const listener of listeners) listener(event);
    }
  });
  const info = await readyPromise;
  return {
    child,
    info,
    cardEvents,
    listeners,
    stats: () =>
      new Promise<{ posts: number; updates: number }>((resolve) => {
        statsWaiters.push(resolve);
        child.stdin.write('stats\n');
      }),
    sendSlackRequests: (load: SlackRequestLoad) =>
      new Promise<SlackRequestLoadResult>((resolve, reject) => {
        loadWaiters.push({ resolve, reject });
        child.stdin.write(`${JSON.stringify({ slackRequests: load })}\n`);
      }),
  };
}

/** A loaded machine (other work, two cores) can take most of a minute to start the CLI. */
async function waitFor(what: string, probe: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`bench rig: ${what} did not happen within ${ms} ms`);
    await sleep(50);
  }
}

export async function startProcessRig(options: ProcessRigOptions): Promise<ProcessRig> {
  const dir = await mkdtemp(join(tmpdir(), 'watchkeeper-bench-'));
  const configFile = join(dir, 'bench.yaml');
  writeFileSync(configFile, `${options.routingYaml}\nincidents:\n  threadLog: false\n`);
  const standIn = await startStandIn(options.channels);
  const prefix = `bench${Date.now().toString(36)}`;
  const webPort = await freePort();
  const env = {
    PATH: process.env.PATH,
    WATCHKEEPER_CONFIG: configFile,
    REDIS_URL: options.redisUrl,
    WATCHKEEPER_QUEUE_PREFIX: prefix,
    SLACK_BOT_TOKEN: standIn.info.botToken,
    SLACK_SIGNING_SECRET: standIn.info.signingSecret,
    SLACK_API_URL: standIn.info.apiUrl,
    HOST: '127.0.0.1',
    WATCHKEEPER_EVENTBRIDGE_API_KEY: BENCH_KEY,
    WATCHKEEPER_DEFAULT_CHANNEL: options.channels[0] ?? '',
    WATCHKEEPER_RESPONDERS: RESPONDER,
    WATCHKEEPER_GUARDDUTY_SYNC: 'false',
    WATCHKEEPER_ADMIN_PORT: '0',
    WATCHKEEPER_LOG_LEVEL: 'warn',
    WATCHKEEPER_BODY_LIMIT_BYTES: String(8 * 1024 * 1024),
    ...(options.concurrency ? { WATCHKEEPER_WORKER_CONCURRENCY: String(options.concurrency) } : {}),
    // The SDK's notice that it will need Node 22 is not the bench's business.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // As the image runs it (Dockerfile).
    NODE_OPTIONS: readDeployedNodeOptions(),
  };
  const profileArgs = (role: string) => [
    ...(role === 'worker' && options.workerCpuProfileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${options.workerCpuProfileDir}`]
      : []),
    ...benchNodeArgs(role),
  ];
  const launch = (role: string, port: number): ChildProcess => {
    const stdout = benchStdout(role);
    const child = spawn(process.execPath, [...profileArgs(role), bin, 'start', '--role', role], {
      env: { ...env, PORT: String(port) },
      stdio: ['ignore', stdout, 'inherit'],
    });
    // The child holds its own copy of the file; this process needs none.
    if (typeof stdout === 'number') closeSync(stdout);
    return child;
  };
  const processes: Record<string, ChildProcess> = { web: launch('web', webPort) };
  for (let i = 0; i < (options.workers ?? 1); i++) processes[`worker${i + 1}`] = launch('worker', 0);

  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const queues = {
    alerts: new Queue(QueueName.Alerts, { connection: redis, prefix }),
    'slack-outbox': new Queue(QueueName.SlackOutbox, { connection: redis, prefix }),
  };
  const backlog = async (queue: keyof typeof queues) => {
    // A bot process that died would leave the queue full for ever, and the scenario waiting on it.
    const exited = exitedBotProcess(processes);
    if (exited) throw new Error(exited);
    const counts = await queues[queue].getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).reduce((sum, n) => sum + n, 0);
  };
  await waitFor('the web process answering /healthz', () =>
    fetch(`http://127.0.0.1:${webPort}/healthz`).then(
      (r) => r.ok,
      () => false,
    ),
  );
  const workerCount = options.workers ?? 1;
  await waitFor(
    'every worker listening on the alerts queue',
    async () => (await queues.alerts.getWorkers()).length >= workerCount,
  );

  return {
    prefix,
    cardEvents: standIn.cardEvents,
    onCardEvent: (listener) => {
      standIn.listeners.push(listener);
    },
    async post(events) {
      const res = await fetch(`http://127.0.0.1:${webPort}/intake/eventbridge`, {
        method: 'POST',
        body: JSON.stringify(events),
        headers: { 'content-type': 'application/json', [API_KEY_HEADER]: BENCH_KEY },
      });
      await res.arrayBuffer();
      return res.status;
    },
    slackStats: standIn.stats,
    sendSlackRequests: (load) =>
      standIn.sendSlackRequests({ ...load, requestUrl: `http://127.0.0.1:${webPort}/slack/events` }),
    standInCpuSeconds: () => procStat(standIn.child.pid).cpuSeconds,
    botCpuSeconds: () =>
      Object.fromEntries(Object.entries(processes).map(([role, p]) => [role, procStat(p.pid).cpuSeconds])),
    botRssMb: () =>
      Object.fromEntries(Object.entries(processes).map(([role, p]) => [role, procStat(p.pid).rssMb])),
    redisCommands: async () => totalCalls(await commandStats(redis)),
    redisCommandStats: () => commandStats(redis),
    sampleRedisCommands: (windowMs, everyMs) => sampleCommands(options.redisUrl, windowMs, everyMs),
    redisUsedMemory: async () => infoNumber(await redis.info('memory'), 'used_memory'),
    async redisCpuSeconds() {
      const info = await redis.info('cpu');
      return infoNumber(info, 'used_cpu_user') + infoNumber(info, 'used_cpu_sys');
    },
    async redisNetBytes() {
      const info = await redis.info('stats');
      return {
        input: infoNumber(info, 'total_net_input_bytes'),
        output: infoNumber(info, 'total_net_output_bytes'),
      };
    },
    async queueIdle(queue) {
      return (await backlog(queue)) === 0;
    },
    queueBacklog: backlog,
    incidentTotals: () => countIncidents(redis, prefix),
    async stop() {
      await Promise.all(
        Object.values(processes).map(
          (p) =>
            new Promise<void>((resolve) => {
              if (p.exitCode !== null) return resolve();
              p.once('exit', () => resolve());
              p.kill('SIGTERM');
            }),
        ),
      );
      await Promise.all(Object.values(queues).map((q) => q.close()));
      redis.disconnect();
      standIn.child.stdin.end();
      await new Promise<void>((resolve) => {
        if (standIn.child.exitCode !== null) return resolve();
        standIn.child.once('exit', () => resolve());
      });
      await rm(dir, { recursive: true, force: true });
    },
  };
}
