import type { Server } from 'node:http';
import type { Express } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/platform/errors.js';
import type { Readiness, ReadinessReport } from '../../../src/platform/http/readiness.js';
import {
  closeServer,
  createAdminApp,
  createHttpApp,
  finishHttpApp,
  listen,
  serverUrl,
} from '../../../src/platform/http/server.js';
import { createMetrics, type Metrics } from '../../../src/platform/metrics.js';
import { captureLogs } from '../../support/log-capture.js';
import { labelValues } from '../label-values.js';
import { bodilessRequest, randomPath } from './raw-request.js';

const BODY_LIMIT = 4096;
const REJECTED = 'watchkeeper_intake_rejected_total';

/** A readiness that answers what the test says, with a reason that must stay on the admin side. */
function fixedReadiness(report: ReadinessReport): Readiness {
  return { check: async () => report };
}
const NOT_READY: ReadinessReport = {
  ready: false,
  checks: { redis: 'unreachable: connect ECONNREFUSED 10.1.2.3:6379', slack: 'ok' },
};

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await closeServer(server);
});

async function serve(app: Express): Promise<string> {
  const server = await listen(app, '127.0.0.1', 0);
  servers.push(server);
  return serverUrl(server, '127.0.0.1');
}

function publicApp(metrics: Metrics, readiness: Readiness = fixedReadiness(NOT_READY)): Express {
  const { logger } = captureLogs();
  const app = createHttpApp({
    logger,
    metrics,
    readiness,
    bodyLimitBytes: BODY_LIMIT,
    routeNames: { '/intake/sns': 'sns' },
  });
  app.post('/intake/sns', (_req, res) => {
    res.status(202).end();
  });
  finishHttpApp(app, logger);
  return app;
}

describe('the public HTTP app', () => {
  it('refuses over-long bodies to random paths without a label per path', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const url = await serve(publicApp(metrics));
    const requests = 300;
    for (let i = 0; i < requests; i++) {
      const status = await bodilessRequest(url, randomPath(), {
        'Content-Length': String(BODY_LIMIT * 1000),
      });
      expect(status).toBe(413);
    }
    expect(await labelValues(metrics.registry, REJECTED, 'endpoint')).toEqual(new Set(['other']));
    const text = await metrics.registry.metrics();
    expect(text).toContain(`${REJECTED}{endpoint="other",reason="too_large"} ${requests}`);
  });

  it('labels an over-long body to a known route with its name, however the path is spelled', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const url = await serve(publicApp(metrics));
    for (const path of ['/intake/sns', '/Intake/SNS/', '/readyz'])
      expect(await bodilessRequest(url, path, { 'Content-Length': String(BODY_LIMIT + 1) })).toBe(413);
    // A path far longer than any route name is `other`, not looked at.
    const long = `/intake/sns${'/'.repeat(4000)}`;
    expect(await bodilessRequest(url, long, { 'Content-Length': String(BODY_LIMIT + 1) })).toBe(413);
    expect(await labelValues(metrics.registry, REJECTED, 'endpoint')).toEqual(
      new Set(['sns', 'readyz', 'other']),
    );
  });

  it('does not serve /metrics', async () => {
    const url = await serve(publicApp(createMetrics({ defaultMetrics: false })));
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('watchkeeper_');
  });

  it('answers /readyz with ready or not and no reason', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const down = await fetch(`${await serve(publicApp(metrics))}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ready: false });
    const ready = fixedReadiness({ ready: true, checks: { redis: 'ok', slack: 'ok' } });
    const up = await fetch(`${await serve(publicApp(metrics, ready))}/readyz`);
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ ready: true });
  });
});

describe('the admin HTTP app', () => {
  function adminApp(metrics: Metrics): Express {
    return createAdminApp({ logger: captureLogs().logger, metrics, readiness: fixedReadiness(NOT_READY) });
  }

  it('serves /metrics in the Prometheus text format', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.intakeRejected.inc({ endpoint: 'sns', reason: 'too_large' });
    const res = await fetch(`${await serve(adminApp(metrics))}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toContain(`${REJECTED}{endpoint="sns",reason="too_large"} 1`);
  });

  it('answers /readyz with every check and why it failed', async () => {
    const res = await fetch(`${await serve(adminApp(createMetrics({ defaultMetrics: false })))}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'not ready', ...NOT_READY.checks });
  });

  it('answers anything else with 404', async () => {
    const res = await fetch(
      `${await serve(adminApp(createMetrics({ defaultMetrics: false })))}/slack/events`,
      {
        method: 'POST',
      },
    );
    expect(res.status).toBe(404);
  });
});

describe('listen', () => {
  it('names the setting to change when the port is taken', async () => {
    const taken = await listen(
      createAdminApp({
        logger: captureLogs().logger,
        metrics: createMetrics({ defaultMetrics: false }),
        readiness: fixedReadiness(NOT_READY),
      }),
      '127.0.0.1',
      0,
    );
    servers.push(taken);
    const port = Number(new URL(serverUrl(taken, '127.0.0.1')).port);
    const error = await listen(
      createHttpApp({
        logger: captureLogs().logger,
        metrics: createMetrics({ defaultMetrics: false }),
        readiness: fixedReadiness(NOT_READY),
        bodyLimitBytes: BODY_LIMIT,
      }),
      '127.0.0.1',
      port,
      { host: ['http', 'adminHost'], port: ['http', 'adminPort'] },
    ).then(
      (server) => {
        servers.push(server);
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.objectContaining({
        path: 'http.adminPort (WATCHKEEPER_ADMIN_PORT)',
        message: `127.0.0.1:${port} is already in use by another process`,
      }),
    ]);
  });
});
