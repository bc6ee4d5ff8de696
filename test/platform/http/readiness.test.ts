import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createReadiness, SLACK_RECHECK_MS } from '../../../src/platform/http/readiness.js';
import { createSilentLogger } from '../../../src/platform/log/logger.js';

/** A Redis and a Slack client that count their probes and answer as told. */
function fakes() {
  const state = { pings: 0, authTests: 0, slackUp: true };
  const redis = {
    ping: async () => {
      state.pings++;
      return 'PONG';
    },
  } as unknown as Redis;
  const slack = {
    auth: {
      test: async () => {
        state.authTests++;
        if (!state.slackUp)
          throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'slack_webapi_request_error' });
        return { ok: true };
      },
    },
  } as unknown as WebClient;
  return { state, redis, slack };
}

describe('readiness', () => {
  it('notices a Slack outage within the recheck period, and its end the same way', async () => {
    const { state, redis, slack } = fakes();
    let now = 1_000_000;
    const readiness = createReadiness({ redis, slack, logger: createSilentLogger(), nowMs: () => now });
    expect(await readiness.check()).toEqual({ ready: true, checks: { redis: 'ok', slack: 'ok' } });
    state.slackUp = false;
    now += SLACK_RECHECK_MS - 1;
    expect((await readiness.check()).ready).toBe(true);
    now += 2;
    const down = await readiness.check();
    expect(down.ready).toBe(false);
    expect(down.checks.slack).toMatch(/auth.test failed: connect ECONNREFUSED/);
    state.slackUp = true;
    now += SLACK_RECHECK_MS;
    expect((await readiness.check()).ready).toBe(true);
  });

  it('answers a burst of probes with one Redis PING and one auth.test', async () => {
    const { state, redis, slack } = fakes();
    const readiness = createReadiness({ redis, slack, logger: createSilentLogger() });
    const answers = await Promise.all(Array.from({ length: 200 }, () => readiness.check()));
    expect(answers.every((a) => a.ready)).toBe(true);
    expect(state.pings).toBe(1);
    expect(state.authTests).toBe(1);
  });
});
