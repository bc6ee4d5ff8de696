import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/platform/metrics.js';
import { createSlackClient } from '../../src/slack/web-client.js';
import { labelValues } from '../platform/label-values.js';
import { captureLogs } from '../support/log-capture.js';

const CALLS = 'watchkeeper_slack_api_calls_total';

describe('Slack API call metrics', () => {
  // A Web API that answers every call with an error code of its own invention, as a changed or
  // hostile endpoint could; each answer differs so an unbounded label would grow with each call.
  let server: Server;
  let apiUrl = '';
  let answers = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      answers++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: false, error: `invented_error_${answers}` }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('label methods we do not call and error codes we do not know by fixed names', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const slack = createSlackClient({
      token: 'xoxb-test',
      apiUrl,
      logger: captureLogs().logger,
      metrics,
      retries: 0,
    });
    for (let i = 0; i < 20; i++) {
      await expect(slack.apiCall(`made.up${i}`)).rejects.toThrow();
      await expect(slack.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toThrow();
    }
    expect(await labelValues(metrics.registry, CALLS, 'method')).toEqual(
      new Set(['other', 'chat.postMessage']),
    );
    expect(await labelValues(metrics.registry, CALLS, 'outcome')).toEqual(new Set(['platform_error']));
  });
});
