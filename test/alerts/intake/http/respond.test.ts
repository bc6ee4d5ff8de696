import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadLetterStore } from '../../../../src/alerts/intake/dead-letters.js';
import { API_KEY_HEADER, mountEventBridgeIntake } from '../../../../src/alerts/intake/http/eventbridge.js';
import { isRedisUnavailable } from '../../../../src/alerts/intake/http/respond.js';
import { RedisUnavailableError } from '../../../../src/platform/errors.js';
import { createSilentLogger } from '../../../../src/platform/log/logger.js';
import { createMetrics } from '../../../../src/platform/metrics.js';
import { createQueues, type Queues } from '../../../../src/platform/queue/queues.js';
import { createRedis } from '../../../../src/platform/redis.js';
import { deletePrefix, testRedisClient, uniquePrefix } from '../../../support/redis.js';

describe('isRedisUnavailable', () => {
  it('recognizes what a fail-fast producer connection raises when Redis cannot be reached', async () => {
    // Port 1: nothing listens there, so every command fails the way it does in an outage.
    const unreachable = createRedis('redis://127.0.0.1:1', 'producer');
    try {
      const error = await unreachable.ping().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect(isRedisUnavailable(error)).toBe(true);
    } finally {
      unreachable.disconnect();
    }
  });

  it('recognizes a wrapped Redis failure and a Redis that cannot take writes now', () => {
    expect(isRedisUnavailable(new RedisUnavailableError(new Error('x')))).toBe(true);
    expect(
      isRedisUnavailable(new Error('storing failed', { cause: new Error('Connection is closed.') })),
    ).toBe(true);
    expect(isRedisUnavailable(new Error('LOADING Redis is loading the dataset in memory'))).toBe(true);
  });

  it('does not blame Redis for a bug or a hostile value', () => {
    expect(isRedisUnavailable(new URIError('URI malformed'))).toBe(false);
    expect(isRedisUnavailable(new RangeError('Maximum call stack size exceeded'))).toBe(false);
    expect(isRedisUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(
      false,
    );
    expect(isRedisUnavailable('Connection is closed.')).toBe(false);
  });
});

describe('the EventBridge route when storing fails', () => {
  const KEY = 'respond-test-key-0123456789';
  const prefix = uniquePrefix('respond');
  let redis: Redis;
  let queues: Queues;
  let server: Server;
  let url = '';
  let failure: Error = new Error('unset');
  beforeAll(async () => {
    redis = testRedisClient();
    queues = createQueues(redis, prefix);
    // The fault is injected where a bug would be: the normalizer throws and so does keeping the letter.
    class FailingStore extends DeadLetterStore {
      override async add(): Promise<never> {
        throw failure;
      }
    }
    const app = express();
    mountEventBridgeIntake(app, {
      apiKey: KEY,
      bodyLimitBytes: 100_000,
      metrics: createMetrics({ defaultMetrics: false }),
      accept: {
        queues,
        deadLetters: new FailingStore(redis, prefix),
        metrics: createMetrics({ defaultMetrics: false }),
        logger: createSilentLogger(),
        normalize: () => {
          throw new TypeError('a normalizer bug');
        },
        now: () => new Date(),
      },
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/intake/eventbridge`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await queues.close();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  async function post(): Promise<{ status: number; body: Record<string, unknown> }> {
    const event = { id: 'e-1', 'detail-type': 'GuardDuty Finding', source: 'aws.guardduty', detail: {} };
    const res = await fetch(url, {
      method: 'POST',
      body: JSON.stringify(event),
      headers: { 'content-type': 'application/json', [API_KEY_HEADER]: KEY },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('answers 500, not "Redis is unavailable", when the failure is not Redis', async () => {
    failure = new RangeError('Maximum call stack size exceeded');
    expect(await post()).toMatchObject({ status: 500, body: { error: 'internal_error' } });
  });

  it('answers 503 so AWS retries when the failure is Redis', async () => {
    failure = new Error("Stream isn't writeable and enableOfflineQueue options is false");
    expect(await post()).toMatchObject({ status: 503, body: { error: 'unavailable' } });
  });
});
