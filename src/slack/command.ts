import type { KnownBlock } from '@slack/types';
import type { AuditLog } from '../platform/audit/audit.js';
import type { Config } from '../platform/config/schema.js';
import type { Logger } from '../platform/log/logger.js';
import type { Queues } from '../platform/queue/queues.js';
import type { TaskCaller } from '../platform/queue/task-job.js';
import type { RoleChecker } from '../platform/roles.js';

/**
 * What a slash command is: a name, its usage, and a handler that must return within Slack's
 * 3-second ack window. Handlers parse, check the caller's role, enqueue longer work, and return
 * the reply that goes into the ack (ephemeral unless `inChannel`).
 */
export interface CommandInvocation {
  /** Text after the command name, as typed. */
  readonly text: string;
  readonly userId: string;
  readonly userName?: string;
  readonly channelId: string;
  readonly teamId?: string;
  readonly responseUrl?: string;
  readonly triggerId?: string;
}

export interface CommandReply {
  readonly text: string;
  readonly blocks?: KnownBlock[];
  readonly inChannel?: boolean;
}

export interface CommandDefinition {
  /** As typed in Slack, e.g. `/watchkeeper`. */
  readonly name: string;
  readonly usage: string;
  readonly description: string;
  handle(invocation: CommandInvocation, deps: CommandDeps): Promise<CommandReply>;
}

/** What command handlers may use. Everything is passed in; nothing is read from globals. */
export interface CommandDeps {
  readonly logger: Logger;
  readonly config: Readonly<Config>;
  readonly queues: Queues;
  readonly now: () => Date;
  /** Role checks (user ids and user-group membership) for commands that need a role. */
  readonly roles: RoleChecker;
  /** Where a refused command is recorded (register-commands.ts, for every command at once). */
  readonly audit: AuditLog;
  /** Every registered command, so `/watchkeeper help` can list them. */
  readonly commands: readonly CommandDefinition[];
}

/** Who asked and where to answer, for the task a command enqueues. */
export function callerOf(invocation: CommandInvocation): TaskCaller {
  return {
    userId: invocation.userId,
    channelId: invocation.channelId,
    ...(invocation.responseUrl ? { responseUrl: invocation.responseUrl } : {}),
  };
}
