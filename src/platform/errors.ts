/**
 * Every error Watchkeeper raises on purpose. One string code per kind (namespaced, stable, safe
 * to show and to match in tests), one class per family, and `asCodedError` for anything else.
 * Errors become user text in exactly one place: `toUserMessage` below.
 */

export enum ErrorCode {
  ConfigInvalid = 'watchkeeper_config_invalid',
  InputInvalid = 'watchkeeper_input_invalid',
  InputUnrecognized = 'watchkeeper_input_unrecognized',
  UsageInvalid = 'watchkeeper_usage_invalid',
  PermissionDenied = 'watchkeeper_permission_denied',
  AuthenticationFailed = 'watchkeeper_authentication_failed',
  NotFound = 'watchkeeper_not_found',
  Conflict = 'watchkeeper_conflict',
  AwsAccessDenied = 'watchkeeper_aws_access_denied',
  AwsCallFailed = 'watchkeeper_aws_call_failed',
  SlackCallFailed = 'watchkeeper_slack_call_failed',
  RedisUnavailable = 'watchkeeper_redis_unavailable',
  DependencyMissing = 'watchkeeper_dependency_missing',
  Unknown = 'watchkeeper_unknown',
}

export interface CodedError extends Error {
  readonly code: ErrorCode;
  /** Short text safe to show a Slack user or CLI user: no secrets, no stack. */
  readonly userMessage: string;
}

export class WatchkeeperError extends Error implements CodedError {
  readonly code: ErrorCode;
  readonly userMessage: string;
  constructor(code: ErrorCode, message: string, options: { userMessage?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.userMessage = options.userMessage ?? message;
  }
}

/** One problem in a config, input or usage: where, what is wrong, how to fix it. */
export interface Problem {
  /** Config key, JSON path or argument name. */
  readonly path: string;
  readonly message: string;
  readonly fix?: string;
}

export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `  - ${p.path}: ${p.message}${p.fix ? `\n      fix: ${p.fix}` : ''}`).join('\n');
}

export class ConfigError extends WatchkeeperError {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    super(
      ErrorCode.ConfigInvalid,
      `Watchkeeper configuration is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${formatProblems(problems)}`,
    );
    this.problems = problems;
  }
}

/** Input from outside (a webhook body, a file, a Slack payload) that does not fit what we accept. */
export class InputError extends WatchkeeperError {
  readonly problems: readonly Problem[];
  constructor(message: string, problems: readonly Problem[] = [], code = ErrorCode.InputInvalid) {
    super(
      code,
      problems.length ? `${message}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}` : message,
    );
    this.problems = problems;
  }
}

/** A slash command or CLI verb called with arguments it does not take. */
export class UsageError extends WatchkeeperError {
  readonly usage: string;
  constructor(message: string, usage: string) {
    super(ErrorCode.UsageInvalid, message, { userMessage: `${message}\nUsage: ${usage}` });
    this.usage = usage;
  }
}

/** A Slack user without the role an action needs. */
export class PermissionError extends WatchkeeperError {
  constructor(action: string, requiredRole: string) {
    super(ErrorCode.PermissionDenied, `Not allowed: ${action} needs the ${requiredRole} role`, {
      userMessage: `You can't ${action}: it needs the *${requiredRole}* role. Ask a security admin to add you in Watchkeeper's roles config.`,
    });
  }
}

export class AuthenticationError extends WatchkeeperError {
  constructor(message: string) {
    super(ErrorCode.AuthenticationFailed, message);
  }
}

export class NotFoundError extends WatchkeeperError {
  constructor(what: string) {
    super(ErrorCode.NotFound, `${what} was not found`);
  }
}

/** Lost a race: another actor already made the change (e.g. two Acknowledge clicks). */
export class ConflictError extends WatchkeeperError {
  constructor(message: string) {
    super(ErrorCode.Conflict, message);
  }
}

/**
 * An AWS call failed. The message has one shape: what failed, on what
 * (`GuardDuty GetFindings failed (AccessDenied): detector d-123`).
 */
export class AwsError extends WatchkeeperError {
  readonly service: string;
  readonly operation: string;
  readonly awsCode: string;
  /** The IAM action that was missing, when AWS said access was denied. */
  readonly missingAction: string | undefined;
  constructor(args: {
    service: string;
    operation: string;
    awsCode: string;
    target: string;
    cause?: unknown;
    missingAction?: string;
    roleArn?: string;
  }) {
    const denied = /AccessDenied|UnauthorizedOperation|AuthorizationError|NotAuthorized/i.test(args.awsCode);
    const message = `${args.service} ${args.operation} failed (${args.awsCode}): ${args.target}`;
    const userMessage = denied
      ? `AWS refused ${args.missingAction ?? `${args.service} ${args.operation}`}${args.roleArn ? ` for ${args.roleArn}` : ''}. Add that action to Watchkeeper's IAM policy (deploy/iam-policy.json).`
      : message;
    super(denied ? ErrorCode.AwsAccessDenied : ErrorCode.AwsCallFailed, message, {
      userMessage,
      cause: args.cause,
    });
    this.service = args.service;
    this.operation = args.operation;
    this.awsCode = args.awsCode;
    this.missingAction = args.missingAction;
  }
}

export class SlackError extends WatchkeeperError {
  readonly slackError: string;
  constructor(method: string, slackError: string, cause?: unknown) {
    super(ErrorCode.SlackCallFailed, `Slack ${method} failed (${slackError})`, { cause });
    this.slackError = slackError;
  }
}

export class RedisUnavailableError extends WatchkeeperError {
  constructor(cause?: unknown) {
    super(ErrorCode.RedisUnavailable, 'Redis is unavailable', {
      userMessage: 'Watchkeeper cannot reach its queue right now. Try again in a minute.',
      cause,
    });
  }
}

/** A program the process needs (redis-server, chromium) is not installed. */
export class DependencyMissingError extends WatchkeeperError {
  constructor(program: string, howToInstall: string) {
    super(ErrorCode.DependencyMissing, `${program} was not found on the PATH. ${howToInstall}`);
  }
}

/**
 * Errors that retrying cannot fix: bad input or usage, a missing role or AWS permission, a thing
 * that does not exist. Jobs answer these and stop (BullMQ `UnrecoverableError`); everything else
 * (throttling, 5xx, Redis) is retried.
 */
const PERMANENT_CODES: ReadonlySet<ErrorCode> = new Set([
  ErrorCode.ConfigInvalid,
  ErrorCode.InputInvalid,
  ErrorCode.InputUnrecognized,
  ErrorCode.UsageInvalid,
  ErrorCode.PermissionDenied,
  ErrorCode.NotFound,
  ErrorCode.Conflict,
  ErrorCode.AwsAccessDenied,
]);

export function isPermanentError(error: unknown): error is CodedError {
  return isCodedError(error) && PERMANENT_CODES.has(error.code);
}

export function isCodedError(error: unknown): error is CodedError {
  return error instanceof WatchkeeperError;
}

export function asCodedError(error: unknown): CodedError {
  if (isCodedError(error)) return error;
  const cause = error instanceof Error ? error : new Error(String(error));
  return new WatchkeeperError(ErrorCode.Unknown, cause.message, {
    userMessage: 'Something went wrong inside Watchkeeper. The details are in its log.',
    cause,
  });
}

/** The one place an error becomes text for a person (Slack or CLI). */
export function toUserMessage(error: unknown): string {
  return asCodedError(error).userMessage;
}
