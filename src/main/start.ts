import type { Server } from 'node:http';
import type { WebClient } from '@slack/web-api';
import type { Express } from 'express';
import { EVENTBRIDGE_PATH } from '../alerts/intake/http/eventbridge.js';
import { SNS_PATH } from '../alerts/intake/http/sns.js';
import { escalationConfigProblems } from '../incidents/escalation-problems.js';
import { createAuditLog } from '../platform/audit/audit.js';
import type { Config } from '../platform/config/schema.js';
import type { AppContext } from '../platform/context.js';
import { createReadiness } from '../platform/http/readiness.js';
import {
  closeServer,
  createAdminApp,
  createHttpApp,
  finishHttpApp,
  listen,
  serverUrl,
} from '../platform/http/server.js';
import type { Logger } from '../platform/log/logger.js';
import { createMetrics, type Metrics } from '../platform/metrics.js';
import type { ListenerRegistrar, RouteMounter } from '../platform/mounts.js';
import type { Workflow } from '../platform/queue/processors.js';
import { createQueues } from '../platform/queue/queues.js';
import { upsertSchedulers } from '../platform/queue/schedulers.js';
import { type RunningWorkers, startWorkers } from '../platform/queue/workers.js';
import { asCommandClient, checkEvictionPolicy, createRedis, waitForReady } from '../platform/redis.js';
import { createRoleChecker } from '../platform/roles.js';
import { createSlackApp, SLACK_EVENTS_PATH, type SlackApp } from '../slack/app.js';
import type { CommandDefinition } from '../slack/command.js';
import { createSlackClient } from '../slack/web-client.js';

export const ROLES = ['all', 'web', 'worker', 'scheduler'] as const;
export type Role = (typeof ROLES)[number];

/** Everything a runtime starts: bound once, by the composition root (`compose.ts`). */
export interface Composition {
  readonly workflows: readonly Workflow[];
  readonly commands: readonly CommandDefinition[];
  readonly routes: readonly RouteMounter[];
  readonly listeners: readonly ListenerRegistrar[];
}

/**
 * Builds the composition for one runtime, once its context (Redis, queues, Slack client, roles,
 * audit) exists, so the shared objects (outbox, incident engine, AWS clients) are made once.
 */
export type Compose = (ctx: AppContext) => Partial<Composition>;

export interface StartOptions {
  config: Readonly<Config>;
  role: Role;
  logger: Logger;
  /** The production composition (or the sandbox's); tests may add to it with the lists below. */
  compose?: Compose;
  workflows?: readonly Workflow[];
  commands?: readonly CommandDefinition[];
  routes?: readonly RouteMounter[];
  listeners?: readonly ListenerRegistrar[];
  now?: () => Date;
  metrics?: Metrics;
}

export interface RunningWatchkeeper {
  readonly ctx: AppContext;
  /** The public listener: Slack, the intake webhooks, /healthz and a yes/no /readyz. */
  readonly server: Server;
  readonly url: string;
  /** The admin listener (`http.adminHost`:`http.adminPort`): /metrics and the detailed /readyz. */
  readonly adminServer: Server;
  readonly adminUrl: string;
  readonly slackApp: SlackApp | undefined;
  readonly workers: RunningWorkers | undefined;
  /** Graceful stop: no new work, in-flight jobs finish (bounded by config), connections closed. */
  stop(): Promise<{ drained: boolean }>;
}

/**
 * Metric labels of the routes the web role mounts; a request to any other path is counted as
 * `other`, so no path a caller types becomes a label.
 */
const ROUTE_NAMES: Readonly<Record<string, string>> = {
  [SLACK_EVENTS_PATH]: 'slack',
  [EVENTBRIDGE_PATH]: 'eventbridge',
  [SNS_PATH]: 'sns',
};

/**
 * Starts the roles asked for, sharing one Redis and two HTTP listeners. `web` serves Slack (HTTP
 * or Socket Mode) and the webhooks; `worker` runs the queue processors; `scheduler` keeps the
 * job schedulers in place. Every role serves /healthz and a yes/no /readyz on the public
 * listener, and /metrics and the detailed /readyz on the admin listener.
 */
export async function startWatchkeeper(options: StartOptions): Promise<RunningWatchkeeper> {
  const { config, logger, role } = options;
  const has = (r: Exclude<Role, 'all'>) => role === 'all' || role === r;
  const metrics = options.metrics ?? createMetrics();
  // Single node or cluster (config.redis); consumers still take ioredis' Redis type.
  const redis = asCommandClient(createRedis(config.redis, 'producer', logger));
  const workerRedis = has('worker')
    ? asCommandClient(createRedis(config.redis, 'worker', logger))
    : undefined;
  const queues = createQueues(redis, config.redis.prefix, logger);
  const slack = createSlackClient({
    token: config.slack.botToken,
    apiUrl: config.slack.apiUrl,
    logger,
    metrics,
    rejectRateLimitedCalls: true,
    // The client must not retry on its own: a 5xx can come after Slack performed the call, and a
    // blind re-send would post the card twice. The outbox retries instead (outages waited out,
    // lost posts found by their metadata); other callers of this client are best-effort.
    retries: 0,
  });
  const now = options.now ?? (() => new Date());
  const ctx: AppContext = {
    config,
    logger,
    metrics,
    redis,
    queues,
    slack,
    now,
    roles: createRoleChecker({ roles: config.roles, slack, now, logger }),
    audit: createAuditLog({ redis, prefix: config.redis.prefix, logger }),
  };
  const composed = options.compose?.(ctx) ?? {};
  const workflows = [...(composed.workflows ?? []), ...(options.workflows ?? [])];
  const commands = [...(composed.commands ?? []), ...(options.commands ?? [])];
  const routes = [...(composed.routes ?? []), ...(options.routes ?? [])];
  const listeners = [...(composed.listeners ?? []), ...(options.listeners ?? [])];

  // Start even when Redis is down (readiness says so and connections retry), but give it a
  // moment first so a healthy start is ready at once.
  await waitForReady(redis, 5_000).then(
    () => checkEvictionPolicy(redis, logger),
    (error: Error) =>
      logger.warn({ err: { message: error.message } }, 'Redis is not reachable yet; will keep retrying'),
  );

  // Problems that do not stop the bot but change what it can do (nobody to page): said once here
  // and kept in /readyz's details, not repeated in every message.
  const configWarnings = escalationConfigProblems(config);
  for (const problem of configWarnings) logger.warn({ problem }, 'configuration problem');
  const readiness = createReadiness({ redis, slack, logger, configWarnings });
  const http = createHttpApp({
    logger,
    metrics,
    readiness,
    bodyLimitBytes: config.http.bodyLimitBytes,
    routeNames: ROUTE_NAMES,
  });
  const admin = createAdminApp({ logger, metrics, readiness, queues });

  let slackApp: SlackApp | undefined;
  if (has('web')) {
    const identity = await botIdentity(slack, logger);
    for (const mount of routes) mount(http, ctx);
    slackApp = createSlackApp({
      config,
      logger,
      metrics,
      expressApp: http,
      commandDeps: {
        logger,
        config,
        queues,
        now,
        commands,
        roles: ctx.roles,
        audit: ctx.audit,
      },
      identity,
      registerListeners: (app) => {
        for (const register of listeners) register(app, ctx);
      },
    });
  }
  finishHttpApp(http, logger);

  // Both listeners are bound before any worker takes a job, so an address that cannot be used
  // stops start-up (naming the setting) with nothing half-done.
  const { server, adminServer } = await listenBoth(config, http, admin).catch(async (error: unknown) => {
    await queues.close();
    redis.disconnect();
    workerRedis?.disconnect();
    throw error;
  });

  const workers = workerRedis
    ? startWorkers(
        ctx,
        workerRedis,
        workflows.flatMap((w) => w.processors ?? []),
      )
    : undefined;
  if (has('scheduler')) await upsertSchedulers(ctx, workflows);

  await slackApp?.start();
  const url = serverUrl(server, config.http.host);
  const adminUrl = serverUrl(adminServer, config.http.adminHost);
  logger.info({ role, url, adminUrl, slackMode: slackApp?.mode }, 'watchkeeper started');

  let stopping: Promise<{ drained: boolean }> | undefined;
  return {
    ctx,
    server,
    url,
    adminServer,
    adminUrl,
    slackApp,
    workers,
    stop() {
      stopping ??= (async () => {
        logger.info({ role }, 'stopping: no new work; waiting for in-flight jobs');
        const serverClosed = Promise.all([closeServer(server), closeServer(adminServer)]);
        await slackApp
          ?.stop()
          .catch((err: unknown) => logger.warn({ err }, 'slack app did not stop cleanly'));
        const result = workers ? await workers.close(config.workers.shutdownGraceMs) : { drained: true };
        await serverClosed;
        await queues.close();
        redis.disconnect();
        workerRedis?.disconnect();
        logger.info({ drained: result.drained }, 'stopped');
        return result;
      })();
      return stopping;
    },
  };
}

/** The admin listener first, then the public one; a failure closes whichever was opened. */
async function listenBoth(
  config: Readonly<Config>,
  http: Express,
  admin: Express,
): Promise<{ server: Server; adminServer: Server }> {
  const adminServer = await listen(admin, config.http.adminHost, config.http.adminPort, {
    host: ['http', 'adminHost'],
    port: ['http', 'adminPort'],
  });
  try {
    const server = await listen(http, config.http.host, config.http.port, {
      host: ['http', 'host'],
      port: ['http', 'port'],
    });
    return { server, adminServer };
  } catch (error) {
    await closeServer(adminServer);
    throw error;
  }
}

/** auth.test once at start-up (bounded); undefined when Slack cannot be reached yet. */
async function botIdentity(
  slack: WebClient,
  logger: Logger,
): Promise<{ botId: string; botUserId: string } | undefined> {
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5_000).unref());
  const answer = slack.auth.test().then(
    (r) => (r.bot_id && r.user_id ? { botId: r.bot_id, botUserId: r.user_id } : undefined),
    (error: unknown) => {
      logger.warn({ err: error }, 'auth.test failed at start-up; Bolt will authorize on the first request');
      return undefined;
    },
  );
  return Promise.race([answer, timeout]);
}
