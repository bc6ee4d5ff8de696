import { App, ExpressReceiver, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { ExtendedErrorHandlerArgs } from '@slack/bolt/dist/App.js';
import type { Express } from 'express';
import type { Config } from '../platform/config/schema.js';
import { toUserMessage } from '../platform/errors.js';
import type { Logger } from '../platform/log/logger.js';
import type { Metrics } from '../platform/metrics.js';
import { toSlackLogger } from './bolt-logger.js';
import type { CommandDeps } from './command.js';
import { registerCommands } from './register-commands.js';
import { respondTo } from './respond.js';
import { maskingSlackFetch } from './web-client.js';

export type SlackMode = 'socket' | 'http';

export interface SlackAppOptions {
  config: Readonly<Config>;
  logger: Logger;
  metrics: Metrics;
  /** The one Express app; in HTTP mode Slack's endpoint `/slack/events` is mounted on it. */
  expressApp: Express;
  commandDeps: CommandDeps;
  /** Binds interactive listeners (buttons, modals) — the incident actions add theirs here. */
  registerListeners?: (app: App) => void;
  /**
   * The bot's own ids from an auth.test made at start-up. With them Bolt never calls auth.test
   * inside a request, where a slow or rate-limited Slack would break the 3-second ack.
   */
  identity?: { botId: string; botUserId: string } | undefined;
}

export interface SlackApp {
  readonly app: App;
  readonly mode: SlackMode;
  /** Connects the Socket Mode WebSocket; a no-op in HTTP mode (the Express server serves it). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * Builds the Bolt app: Socket Mode when an app-level token is configured, otherwise HTTP mode
 * with signing-secret verification (Bolt rejects forged signatures and timestamps older than
 * five minutes). The Web API base URL comes from config so tests can point at the stand-in.
 */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { config, logger } = options;
  const slackLogger = toSlackLogger(logger);
  // Bolt builds its own WebClient per request (buttons, modals): mask what it sends too.
  const clientOptions = { slackApiUrl: config.slack.apiUrl, fetch: maskingSlackFetch() };
  const mode: SlackMode = config.slack.appToken ? 'socket' : 'http';
  const receiver: Receiver =
    mode === 'socket'
      ? new SocketModeReceiver({
          appToken: config.slack.appToken as string,
          logger: slackLogger,
          installerOptions: { clientOptions },
        })
      : new ExpressReceiver({
          signingSecret: config.slack.signingSecret as string,
          app: options.expressApp,
          endpoints: SLACK_EVENTS_PATH,
          bodyLimit: config.http.bodyLimitBytes,
          logger: slackLogger,
        });

  const app = new App({
    token: config.slack.botToken,
    receiver,
    logger: slackLogger,
    clientOptions,
    extendedErrorHandler: true,
    // Readiness runs its own auth.test; deferring Bolt's keeps start-up independent of Slack.
    tokenVerificationEnabled: false,
    ...(options.identity ? { botId: options.identity.botId, botUserId: options.identity.botUserId } : {}),
  });

  // The one global handler: the full error to the log, one short line to the user.
  app.error((async ({ error, body }: ExtendedErrorHandlerArgs) => {
    const original = (error as { original?: unknown }).original ?? error;
    logger.error(
      { err: original, payloadType: (body as { type?: string } | undefined)?.type },
      'slack listener failed',
    );
    const responseUrl = (body as { response_url?: string } | undefined)?.response_url;
    if (responseUrl) {
      await respondTo(responseUrl, { text: toUserMessage(original) }).catch((err: unknown) =>
        logger.warn({ err }, 'could not send the error to response_url'),
      );
    }
  }) as Parameters<App['error']>[0]);

  registerCommands(app, options.commandDeps, options.metrics);
  options.registerListeners?.(app);

  return {
    app,
    mode,
    async start() {
      if (mode === 'socket') await app.start();
    },
    async stop() {
      if (mode === 'socket') await app.stop();
    },
  };
}
