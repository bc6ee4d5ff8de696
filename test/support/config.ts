import { loadConfig } from '../../src/platform/config/load.js';
import type { Config } from '../../src/platform/config/schema.js';
import { testRedisUrl, uniquePrefix } from './redis.js';

/** Canary secrets: tests search captured logs and Slack traffic for these. */
export const CANARY = {
  botToken: 'xoxb-0000-1111-canary-bot-token-zq9',
  signingSecret: 'canary-signing-secret-8c1f4e2a9b7d',
  appToken: 'xapp-1-canary-app-token-77f',
  eventBridgeApiKey: 'canary-eventbridge-key-5e8a1c0d3b6f9a2e',
} as const;

/** A valid config for tests: the run's private Redis, a fresh prefix, port 0. */
export function testConfig(env: Record<string, string | undefined> = {}): Readonly<Config> {
  return loadConfig({
    env: {
      REDIS_URL: testRedisUrl(),
      WATCHKEEPER_QUEUE_PREFIX: uniquePrefix(),
      SLACK_BOT_TOKEN: CANARY.botToken,
      SLACK_SIGNING_SECRET: CANARY.signingSecret,
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      HOST: '127.0.0.1',
      PORT: '0',
      WATCHKEEPER_ADMIN_PORT: '0',
      WATCHKEEPER_LOG_LEVEL: 'debug',
      ...env,
    },
  });
}
