import { createServer, type Server } from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { envNameFor } from '../config/env.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Metrics } from '../metrics.js';
import { ALL_QUEUES } from '../queue/names.js';
import type { Queues } from '../queue/queues.js';
import type { Readiness } from './readiness.js';
import { PLATFORM_ROUTE_NAMES, routeLabeler } from './route-names.js';

export interface HttpAppOptions {
  logger: Logger;
  metrics: Metrics;
  readiness: Readiness;
  bodyLimitBytes: number;
  /**
   * Path -> metric label of the routes mounted on this app (`/intake/sns` -> `sns`); requests to
   * any other path are counted as `other`.
   */
  routeNames?: Readonly<Record<string, string>>;
}

export interface AdminAppOptions {
  logger: Logger;
  metrics: Metrics;
  readiness: Readiness;
  /** When set, /metrics reports queue depth per queue. */
  queues?: Queues;
}

/**
 * The public app every role serves: liveness and a yes/no readiness here; the Slack HTTP
 * endpoint and intake webhooks are mounted on it by their own modules. Metrics and the reasons
 * behind readiness are on the admin app only: they name internals and cost work to produce.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = baseApp();
  const routeLabel = routeLabeler({ ...PLATFORM_ROUTE_NAMES, ...options.routeNames });

  // A declared length over the limit is refused before a byte is read, on every endpoint;
  // each body parser enforces the same limit for chunked bodies.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > options.bodyLimitBytes) {
      options.metrics.intakeRejected.inc({ endpoint: routeLabel(req.path), reason: 'too_large' });
      res.status(413).json({
        error: 'payload_too_large',
        message: `request body is over ${options.bodyLimitBytes} bytes`,
      });
      return;
    }
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const report = await options.readiness.check();
    res.status(report.ready ? 200 : 503).json({ ready: report.ready });
  });

  return app;
}

/**
 * The admin app, on its own listener (`http.adminHost`, loopback by default): /metrics, the
 * detailed /readyz (each check and why it failed) and /healthz for probes that only see it.
 */
export function createAdminApp(options: AdminAppOptions): Express {
  const app = baseApp();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const report = await options.readiness.check();
    res
      .status(report.ready ? 200 : 503)
      .json({ status: report.ready ? 'ready' : 'not ready', ...report.checks });
  });

  app.get('/metrics', async (_req, res) => {
    if (options.queues) await updateQueueDepth(options, options.queues);
    res.setHeader('content-type', options.metrics.registry.contentType);
    res.send(await options.metrics.registry.metrics());
  });

  finishHttpApp(app, options.logger);
  return app;
}

function baseApp(): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  return app;
}

/** Adds the final 404 and error handlers; call after every route is mounted. */
export function finishHttpApp(app: Express, logger: Logger): void {
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not_found' });
  });
  app.use(
    (error: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
      const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
      if (status >= 500) logger.error({ err: error, path: req.path }, 'http handler failed');
      if (res.headersSent) return;
      res.status(status).json({
        error: error.type ?? (status === 500 ? 'internal_error' : 'bad_request'),
        message: status === 500 ? 'internal error' : error.message,
      });
    },
  );
}

async function updateQueueDepth(options: AdminAppOptions, queues: Queues): Promise<void> {
  await Promise.all(
    ALL_QUEUES.map(async (name) => {
      try {
        const counts = await queues[name].getJobCounts(
          'waiting',
          'active',
          'delayed',
          'failed',
          'prioritized',
        );
        for (const [state, count] of Object.entries(counts))
          options.metrics.queueDepth.set({ queue: name, state }, count);
      } catch (error) {
        options.logger.debug({ err: error, queue: name }, 'queue depth unavailable');
      }
    }),
  );
}

/** Which config keys a listener was bound from, so a bind failure can name them. */
export interface ListenSettings {
  readonly host: readonly string[];
  readonly port: readonly string[];
}

/** Errors that mean the address in the config cannot be used, not that something broke. */
const BIND_ERRORS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'is already in use by another process',
  EACCES: 'needs privileges this process does not have',
  EADDRNOTAVAIL: 'is not an address of this host',
  ENOTFOUND: 'is not a host name this machine can resolve',
};

/**
 * Listens on host:port. When `settings` names the config keys and the address cannot be bound,
 * the failure is a ConfigError naming the setting to change instead of a bare socket error.
 */
export async function listen(
  app: Express,
  host: string,
  port: number,
  settings?: ListenSettings,
): Promise<Server> {
  const server = createServer(app);
  // Slack's 3-second window and AWS's retries mean no request should be held open for long.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => reject(bindError(error, host, port, settings));
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  return server;
}

function bindError(
  error: NodeJS.ErrnoException,
  host: string,
  port: number,
  settings: ListenSettings | undefined,
): Error {
  const why = error.code ? BIND_ERRORS[error.code] : undefined;
  if (!settings || !why) return error;
  const name = (path: readonly string[]) => {
    const env = envNameFor(path);
    return env ? `${path.join('.')} (${env})` : path.join('.');
  };
  const hostProblem = error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND';
  return new ConfigError([
    {
      path: name(hostProblem ? settings.host : settings.port),
      message: `${host}:${port} ${why}`,
      fix: hostProblem
        ? `set ${name(settings.host)} to an address of this host, such as 127.0.0.1`
        : `choose another port for ${name(settings.port)} (0 picks any free port)`,
    },
  ]);
}

/** The URL a client on this host uses to reach a server bound to `host`. */
export function serverUrl(server: Server, host: string): string {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host;
  return `http://${reachable.includes(':') && !reachable.startsWith('[') ? `[${reachable}]` : reachable}:${port}`;
}

export async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
