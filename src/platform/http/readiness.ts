import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import type { Logger } from '../log/logger.js';

export interface ReadinessReport {
  ready: boolean;
  checks: { redis: string; slack: string };
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
}

/**
 * Ready means: Redis answers PING now, and Slack's auth.test has succeeded with our token. A
 * successful auth.test is remembered (the token does not change while we run); a failure is
 * retried on the next probe.
 */
export function createReadiness(deps: {
  redis: Redis;
  slack: WebClient;
  logger: Logger;
  timeoutMs?: number;
}): Readiness {
  const timeoutMs = deps.timeoutMs ?? 1_500;
  let slackOk = false;
  return {
    async check() {
      const [redis, slack] = await Promise.all([
        withTimeout(deps.redis.ping(), timeoutMs).then(
          () => 'ok',
          (error: Error) => `unreachable: ${error.message}`,
        ),
        slackOk
          ? Promise.resolve('ok')
          : withTimeout(deps.slack.auth.test(), timeoutMs).then(
              () => {
                slackOk = true;
                return 'ok';
              },
              (error: { data?: { error?: string }; message?: string }) =>
                `auth.test failed: ${error.data?.error ?? error.message}`,
            ),
      ]);
      return { ready: redis === 'ok' && slack === 'ok', checks: { redis, slack } };
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
