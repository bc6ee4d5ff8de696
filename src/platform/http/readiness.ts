import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import type { Logger } from '../log/logger.js';

export interface ReadinessReport {
  ready: boolean;
  /**
   * `config` is present when configuration warnings were given (a missing on-call group): it
   * names them for the admin details but does not make the process unready.
   */
  checks: { redis: string; slack: string; config?: string };
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
}

/** How long an auth.test answer (good or bad) stands before the next probe asks Slack again. */
export const SLACK_RECHECK_MS = 30_000;

/**
 * Ready means: Redis answers PING now, and Slack answered auth.test with our token within the
 * last `slackRecheckMs`, so a Slack outage shows within half a minute and clears the same way.
 * Probes that arrive while one is running share its answer: an unauthenticated flood of
 * /readyz costs one PING and at most one auth.test per period, not one each.
 * Configuration warnings, known at start-up, are reported as they are (`checks.config`).
 */
export function createReadiness(deps: {
  redis: Redis;
  slack: WebClient;
  logger: Logger;
  /** Problems found in the configuration at start-up (e.g. `escalationConfigProblems`). */
  configWarnings?: readonly string[];
  timeoutMs?: number;
  slackRecheckMs?: number;
  nowMs?: () => number;
}): Readiness {
  const timeoutMs = deps.timeoutMs ?? 1_500;
  const recheckMs = deps.slackRecheckMs ?? SLACK_RECHECK_MS;
  const nowMs = deps.nowMs ?? Date.now;
  const config =
    deps.configWarnings === undefined
      ? undefined
      : deps.configWarnings.length === 0
        ? 'ok'
        : deps.configWarnings.join('; ');
  let slack: { status: string; at: number } | undefined;
  let running: Promise<ReadinessReport> | undefined;

  const slackStatus = async (): Promise<string> => {
    if (slack && nowMs() - slack.at < recheckMs) return slack.status;
    const status = await withTimeout(deps.slack.auth.test(), timeoutMs).then(
      () => 'ok',
      (error: { data?: { error?: string }; message?: string }) =>
        `auth.test failed: ${error.data?.error ?? error.message}`,
    );
    slack = { status, at: nowMs() };
    return status;
  };

  const probe = async (): Promise<ReadinessReport> => {
    const [redis, slackCheck] = await Promise.all([
      withTimeout(deps.redis.ping(), timeoutMs).then(
        () => 'ok',
        (error: Error) => `unreachable: ${error.message}`,
      ),
      slackStatus(),
    ]);
    return {
      ready: redis === 'ok' && slackCheck === 'ok',
      checks: { redis, slack: slackCheck, ...(config === undefined ? {} : { config }) },
    };
  };

  return {
    check() {
      running ??= probe().finally(() => {
        running = undefined;
      });
      return running;
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
