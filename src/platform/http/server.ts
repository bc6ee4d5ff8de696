import { createServer, type Server } from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../log/logger.js';
import type { Metrics } from '../metrics.js';
import { ALL_QUEUES } from '../queue/names.js';
import type { Queues } from '../queue/queues.js';
import type { Readiness } from './readiness.js';

export interface HttpAppOptions {
  logger: Logger;
  metrics: Metrics;
  readiness: Readiness;
  bodyLimitBytes: number;
  /** When set, /metrics reports queue depth per queue. */
  queues?: Queues;
}

/**
 * The one Express app every role serves: health, readiness and metrics here; the Slack HTTP
 * endpoint and intake webhooks are mounted on it by their own modules.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  // A declared length over the limit is refused before a byte is read, on every endpoint;
  // each body parser enforces the same limit for chunked bodies.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > options.bodyLimitBytes) {
      options.metrics.intakeRejected.inc({ endpoint: req.path, reason: 'too_large' });
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
    res
      .status(report.ready ? 200 : 503)
      .json({ status: report.ready ? 'ready' : 'not ready', ...report.checks });
  });

  app.get('/metrics', async (_req, res) => {
    if (options.queues) await updateQueueDepth(options, options.queues);
    res.setHeader('content-type', options.metrics.registry.contentType);
    res.send(await options.metrics.registry.metrics());
  });

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

async function updateQueueDepth(options: HttpAppOptions, queues: Queues): Promise<void> {
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

export async function listen(app: Express, host: string, port: number): Promise<Server> {
  const server = createServer(app);
  // Slack's 3-second window and AWS's retries mean no request should be held open for long.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

export async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
