import type { TestProject } from 'vitest/node';
import { type PrivateRedis, startPrivateRedis } from './redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

let redis: PrivateRedis | undefined;

/**
 * One private redis-server for the whole run (or REDIS_URL when set, e.g. a CI service). Each
 * test file then uses its own queue prefix, so files never see each other's keys.
 */
export async function setup(project: TestProject): Promise<void> {
  const given = process.env.REDIS_URL;
  if (given) {
    project.provide('redisUrl', given);
    return;
  }
  redis = await startPrivateRedis();
  project.provide('redisUrl', redis.url);
}

export async function teardown(): Promise<void> {
  await redis?.stop();
}
