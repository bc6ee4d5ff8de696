import {
  type FetchFunction,
  ErrorCode as SlackErrorCode,
  type WebAPICallResult,
  WebClient,
  type WebClientOptions,
} from '@slack/web-api';
import type { Logger } from '../platform/log/logger.js';
import { maskSecretsDeep, maskSecretsInText } from '../platform/log/mask.js';
import type { Metrics } from '../platform/metrics.js';
import { toSlackLogger } from './bolt-logger.js';
import { classifySlackFailure } from './outbox/slack-errors.js';

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
      this.#metrics?.slackApiCalls.inc({ method: methodLabel(method), outcome: 'ok' });
      this.#metrics?.slackReachable.set({}, 1);
      return result;
    } catch (error) {
      this.#metrics?.slackApiCalls.inc({ method: methodLabel(method), outcome: outcomeOf(error) });
      // Any answer, even a refusal, means Slack is there; only an outage sets it to 0.
      this.#metrics?.slackReachable.set({}, classifySlackFailure(error).kind === 'unavailable' ? 0 : 1);
      throw error;
    }
  }
}

// Metric labels come from these lists only: the error code is whatever the API answered, and a
// label per distinct answer would grow /metrics without bound. Add a method when code calls it.
const KNOWN_METHODS: ReadonlySet<string> = new Set([
  'apps.connections.open',
  'auth.test',
  'chat.delete',
  'chat.getPermalink',
  'chat.postEphemeral',
  'chat.postMessage',
  'chat.update',
  'conversations.history',
  'conversations.info',
  'conversations.replies',
  'files.completeUploadExternal',
  'files.getUploadURLExternal',
  'usergroups.users.list',
  'users.info',
  'views.open',
  'views.publish',
  'views.push',
  'views.update',
]);

// The platform errors an operator acts on; any other code is counted as `platform_error`.
const KNOWN_PLATFORM_ERRORS: ReadonlySet<string> = new Set([
  'account_inactive',
  'cant_update_message',
  'channel_not_found',
  'edit_window_closed',
  'expired_trigger_id',
  'fatal_error',
  'internal_error',
  'invalid_arguments',
  'invalid_auth',
  'invalid_blocks',
  'is_archived',
  'message_not_found',
  'missing_scope',
  'msg_too_long',
  'no_permission',
  'not_authed',
  'not_in_channel',
  'ratelimited',
  'request_timeout',
  'restricted_action',
  'service_unavailable',
  'team_access_not_granted',
  'token_expired',
  'token_revoked',
  'user_not_found',
  'user_not_in_channel',
  'view_too_large',
]);

/** The method's name when it is one we call, `other` otherwise. */
function methodLabel(method: string): string {
  return KNOWN_METHODS.has(method) ? method : 'other';
}

function outcomeOf(error: unknown): string {
  const e = error as { code?: string; data?: { error?: unknown } };
  if (e.code === SlackErrorCode.RateLimitedError) return 'rate_limited';
  if (e.code === SlackErrorCode.PlatformError) {
    const code = e.data?.error;
    return typeof code === 'string' && KNOWN_PLATFORM_ERRORS.has(code) ? code : 'platform_error';
  }
  if (e.code === SlackErrorCode.HTTPError) return 'http_error';
  return 'request_error';
}

// ---- Secret masking: every string argument of every call, before it leaves the process ----

// What Slack must receive exactly: credentials, addresses and the ids it matches on. Ids are
// named `*_id` (action, block, callback, trigger, view, file, team…) and times `*_ts`.
const VERBATIM_KEYS: ReadonlySet<string> = new Set([
  'token',
  'id',
  'ts',
  'channel',
  'channels',
  'user',
  'users',
  'usergroup',
  'team',
  'response_url',
  'cursor',
  'hash',
  'oldest',
  'latest',
]);

/** Keys whose values go to Slack untouched (the whole value, when it is a list). */
export function isVerbatimSlackKey(key: string): boolean {
  return VERBATIM_KEYS.has(key) || /(?:_ids?|_ts|Ids?)$/.test(key);
}

/**
 * A copy of a Web API call's arguments with every string masked (maskSecretsDeep: access key
 * ids, secret keys, session tokens, signatures, Slack tokens), in text, blocks, attachments,
 * views and metadata alike, except the verbatim keys. Buffers and streams pass as they are.
 */
export function maskSlackArguments<T extends Record<string, unknown> | undefined>(args: T): T {
  return args === undefined ? args : maskSecretsDeep(args, { verbatim: isVerbatimSlackKey });
}

/** The instrumented client, with the arguments of every call masked before it is made. */
class SecretMaskingWebClient extends InstrumentedWebClient {
  override apiCall(method: string, options?: Record<string, unknown>): Promise<WebAPICallResult> {
    return super.apiCall(method, maskSlackArguments(options));
  }
}

// A form field as WebClient serializes it: objects (blocks, view, attachments) as JSON text.
function maskFormValue(key: string, value: string): string {
  if (isVerbatimSlackKey(key)) return value;
  if (/^\s*[[{]/.test(value)) {
    try {
      return JSON.stringify(maskSecretsDeep(JSON.parse(value) as unknown, { verbatim: isVerbatimSlackKey }));
    } catch {
      // Not JSON after all: masked as text below.
    }
  }
  return maskSecretsInText(value);
}

/**
 * A `fetch` for WebClients this module does not build (Bolt makes its own for each request):
 * `clientOptions: { fetch: maskingSlackFetch() }` masks their URL-encoded call bodies the same
 * way. Other bodies (file bytes sent to the upload URL) pass unchanged.
 */
export function maskingSlackFetch(inner: FetchFunction = fetch as unknown as FetchFunction): FetchFunction {
  return (url, init) => {
    if (typeof init?.body !== 'string') return inner(url, init);
    const form = new URLSearchParams(init.body);
    const masked = new URLSearchParams();
    for (const [key, value] of form) masked.append(key, maskFormValue(key, value));
    return inner(url, { ...init, body: masked.toString() });
  };
}

// ---- Construction ----

export function createSlackClient(options: SlackClientOptions): WebClient {
  return new SecretMaskingWebClient(
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
