import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { type Harness, startHarness } from '../support/harness.js';
import { type PrivateRedis, startPrivateRedis } from '../support/redis-server.js';

/** The detailed answer, on the admin listener. */
async function readyz(h: Harness): Promise<{ status: number; body: Record<string, string> }> {
  const res = await fetch(`${h.bot.adminUrl}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

/** The public answer: ready or not, no reasons. */
async function publicReadyz(h: Harness): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${h.bot.url}/readyz`);
  return { status: res.status, body: await res.json() };
}

async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await sleep(100);
  }
}

describe('/readyz', () => {
  let redis: PrivateRedis;
  let h: Harness;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    h = await startHarness({ commands: COMMANDS, role: 'web', env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await h.stop();
    await redis.stop();
  });

  it('goes 503 with the reason when Redis stops, and recovers when it returns', async () => {
    expect((await readyz(h)).status).toBe(200);
    await redis.kill();
    const down = await eventually(
      () => readyz(h),
      (r) => r.status === 503,
    );
    expect(down.status).toBe(503);
    expect(down.body.redis).toMatch(/unreachable/);
    expect(down.body.slack).toBe('ok');
    // The public listener says only that it is not ready, never why.
    expect(await publicReadyz(h)).toEqual({ status: 503, body: { ready: false } });
    await redis.restart();
    const up = await eventually(
      () => readyz(h),
      (r) => r.status === 200,
    );
    expect(up.status).toBe(200);
    expect(await publicReadyz(h)).toEqual({ status: 200, body: { ready: true } });
    // Liveness never depended on Redis.
    expect((await fetch(`${h.bot.url}/healthz`)).status).toBe(200);
  });
});
