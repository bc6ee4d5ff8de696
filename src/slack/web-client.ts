import {
  ErrorCode as SlackErrorCode,
  type WebAPICallResult,
  WebClient,
  type WebClientOptions,
} from '@slack/web-api';
import type { Logger } from '../platform/log/logger.js';
import type { Metrics } from '../platform/metrics.js';
import { toSlackLogger } from './bolt-logger.js';

export interface SlackClientOptions {
  token: string;
  apiUrl: string;
  logger: Logger;
  metrics?: Metrics;
  /**
   * Inside queue workers a 429 must come back to BullMQ (which reschedules the one job) instead of
   * pausing the shared client for every channel; see docs/architecture.md "Slack outbox".
   */
  rejectRateLimitedCalls?: boolean;
  retries?: number;
  timeoutMs?: number;
}

/** A WebClient that counts every call by method and outcome for /metrics. */
class InstrumentedWebClient extends WebClient {
  readonly #metrics: Metrics | undefined;
  constructor(token: string, options: WebClientOptions, metrics: Metrics | undefined) {
    super(token, options);
    this.#metrics = metrics;
  }

  override async apiCall(method: string, options?: Record<string, unknown>): Promise<WebAPICallResult> {
    try {
      const result = await super.apiCall(method, options);
      this.#metrics?.slackApiCalls.inc({ method, outcome: 'ok' });
      return result;
    } catch (error) {
      this.#metrics?.slackApiCalls.inc({ method, outcome: outcomeOf(error) });
      throw error;
    }
  }
}

function outcomeOf(error: unknown): string {
  const e = error as { code?: string; data?: { error?: string } };
  if (e.code === SlackErrorCode.RateLimitedError) return 'rate_limited';
  if (e.code === SlackErrorCode.PlatformError) return e.data?.error ?? 'platform_error';
  if (e.code === SlackErrorCode.HTTPError) return 'http_error';
  return 'request_error';
}

export function createSlackClient(options: SlackClientOptions): WebClient {
  return new InstrumentedWebClient(
    options.token,
    {
      slackApiUrl: options.apiUrl,
      logger: toSlackLogger(options.logger),
      rejectRateLimitedCalls: options.rejectRateLimitedCalls ?? false,
      retryConfig: { retries: options.retries ?? 3, factor: 2, randomize: true, maxRetryTime: 30_000 },
      timeout: options.timeoutMs ?? 10_000,
    },
    options.metrics,
  );
}
