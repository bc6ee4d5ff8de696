import type { Redis } from 'ioredis';
import { loadConfig } from '../platform/config/load.js';
import type { Config } from '../platform/config/schema.js';
import { ConfigError } from '../platform/errors.js';
import { asCommandClient, createRedis, waitForReady } from '../platform/redis.js';
import { type CliIO, ExitCode } from './io.js';

/**
 * For operator verbs that read or write Watchkeeper's Redis: loads the same config as `start`,
 * connects, runs, and always disconnects. Config problems exit 2 with the same message.
 */
export async function withRedis(
  io: CliIO,
  run: (redis: Redis, config: Readonly<Config>) => Promise<ExitCode>,
): Promise<ExitCode> {
  let config: Readonly<Config>;
  try {
    config = loadConfig({ env: io.env });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return ExitCode.BadInput;
  }
  const redis = asCommandClient(createRedis(config.redis, 'producer'));
  try {
    await waitForReady(redis, 5_000);
    return await run(redis, config);
  } finally {
    redis.disconnect();
  }
}
