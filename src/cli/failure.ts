import {
  ErrorCode,
  isCodedError,
  isPermanentError,
  RedisUnavailableError,
  toUserMessage,
} from '../platform/errors.js';
import { ExitCode } from './io.js';

/**
 * What the CLI prints when a verb throws: one line that says what went wrong and where, and the
 * exit code a script can act on. A file that is missing, is a directory or cannot be read is
 * bad input (2); an unreachable Redis is the environment (3); an error Watchkeeper raised on
 * purpose says itself; only a real bug gets "Something went wrong inside Watchkeeper" and a stack.
 */

export interface CliFailure {
  readonly message: string;
  readonly exitCode: ExitCode;
  /** Only for bugs: the stack, so the report can be filed with it. */
  readonly stack?: string;
}

/** What each file-system refusal means, in words; any other code is shown as it is. */
const FILE_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'it is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many open files',
};

/** Socket errors that mean "nothing answered at that address". */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ECONNRESET',
]);

interface NodeError {
  readonly code?: unknown;
  readonly path?: unknown;
  readonly syscall?: unknown;
  readonly message?: unknown;
}

export function describeCliFailure(
  error: unknown,
  env: Readonly<Record<string, string | undefined>>,
): CliFailure {
  const node = (typeof error === 'object' && error !== null ? error : {}) as NodeError;
  const code = typeof node.code === 'string' ? node.code : undefined;
  if (code && typeof node.path === 'string' && code in FILE_PROBLEMS) {
    return { message: `cannot read ${node.path}: ${FILE_PROBLEMS[code]}`, exitCode: ExitCode.BadInput };
  }
  if (isRedisUnreachable(error, code)) {
    const reason = code ?? (typeof node.message === 'string' ? node.message : 'no answer');
    return {
      message: `cannot reach Redis at ${redisWhere(env)} (${reason}): start Redis, or point REDIS_URL at one that runs`,
      exitCode: ExitCode.Environment,
    };
  }
  if (isCodedError(error)) {
    const { code: kind, userMessage } = error;
    if (kind === ErrorCode.DependencyMissing) return { message: userMessage, exitCode: ExitCode.Environment };
    if (isPermanentError(error)) return { message: userMessage, exitCode: ExitCode.BadInput };
    if (kind !== ErrorCode.Unknown) return { message: userMessage, exitCode: ExitCode.Failure };
  }
  const stack = error instanceof Error ? error.stack : undefined;
  return { message: toUserMessage(error), exitCode: ExitCode.Failure, ...(stack ? { stack } : {}) };
}

function isRedisUnreachable(error: unknown, code: string | undefined): boolean {
  if (error instanceof RedisUnavailableError) return true;
  if (code && UNREACHABLE.has(code)) return true;
  const message = error instanceof Error ? error.message : '';
  // waitForReady's timeout and ioredis's refusals once it has given up on a connection.
  return /^Redis was not ready within|Connection is closed|enableOfflineQueue options is false|Reached the max retries per request/.test(
    message,
  );
}

/** The Redis the verb was pointed at, without its password: `redis://redis.internal:6379`. */
export function redisWhere(env: Readonly<Record<string, string | undefined>>): string {
  const raw = env.REDIS_URL;
  if (!raw) return 'the configured address (redis.url)';
  try {
    const url = new URL(raw);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return 'REDIS_URL (not a URL)';
  }
}
