import { type DestinationStream, type Logger, pino } from 'pino';
import { maskSecretsInText } from './mask.js';

export type { Logger } from 'pino';

/**
 * Paths pino censors wherever they appear in a log object. Secrets are redacted here, by the
 * logger's configuration, never by each caller. Secrets inside text (a session token in a user
 * agent, a Slack token in an error message) are masked on the whole line: see createLogger.
 */
export const REDACT_PATHS: readonly string[] = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'apiKey',
  'webhookApiKey',
  'secret',
  'password',
  'authorization',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers["x-watchkeeper-api-key"]',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["x-watchkeeper-api-key"]',
  'config.slack.botToken',
  'config.slack.appToken',
  'config.slack.signingSecret',
  'config.intake.eventBridgeApiKey',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.apiKey',
  '*.secret',
  '*.password',
  '*.authorization',
  '*.secretAccessKey',
  '*.sessionToken',
  '*.accessKeyId',
  'accessKeyId',
  'secretAccessKey',
  'sessionToken',
];

export interface LoggerOptions {
  level?: string;
  /** Where lines go; tests pass a stream to capture them. Defaults to stdout. */
  destination?: DestinationStream;
  name?: string;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      name: options.name ?? 'watchkeeper',
      level: options.level ?? 'info',
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
      // The finished JSON line, message, bindings and serialized errors included, is the one
      // place every logged string passes: masking it here covers every caller and every depth
      // (redact paths only reach the keys they name). The masking keeps the line valid JSON.
      hooks: { streamWrite: maskSecretsInText },
    },
    options.destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

/** A logger that writes nothing, for tests and pure CLI verbs. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
