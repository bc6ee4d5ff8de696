import type { App } from '@slack/bolt';
import { isPermanentError, PermissionError } from '../platform/errors.js';
import type { Metrics } from '../platform/metrics.js';
import type { CommandDefinition, CommandDeps } from './command.js';
import { errorAnswer } from './respond.js';
import { maskSlackArguments } from './web-client.js';

/**
 * Binds each command in the registry to Bolt. The handler's reply is the ack itself, so Slack
 * gets its answer inside the 3-second window; a handler error is acked as one ephemeral line
 * (errorAnswer), never left unacknowledged, and logged: a refusal as one info line, a failure in
 * full. A role refusal (a handler's PermissionError) is also written to the audit log here, once
 * for every command.
 */
export function registerCommands(app: App, deps: CommandDeps, metrics: Metrics): void {
  for (const command of deps.commands) {
    app.command(command.name, async ({ command: payload, ack }) => {
      const timer = metrics.handlerLatency.startTimer({ kind: 'slack', name: command.name });
      try {
        const reply = await command.handle(
          {
            text: payload.text ?? '',
            userId: payload.user_id,
            userName: payload.user_name,
            channelId: payload.channel_id,
            teamId: payload.team_id,
            responseUrl: payload.response_url,
            triggerId: payload.trigger_id,
          },
          deps,
        );
        // The ack goes back in the HTTP (or Socket Mode) response, not through the WebClient, so
        // it is masked here like every other Slack write.
        await ack(
          maskSlackArguments({
            response_type: reply.inChannel ? ('in_channel' as const) : ('ephemeral' as const),
            text: reply.text,
            ...(reply.blocks ? { blocks: reply.blocks } : {}),
          }),
        );
      } catch (error) {
        if (error instanceof PermissionError) await auditRefusal(deps, command, payload.user_id, error);
        logFailure(deps, command, payload.user_id, error);
        await ack(maskSlackArguments({ response_type: 'ephemeral' as const, text: errorAnswer(error) }));
      } finally {
        timer();
      }
    });
  }
}

/** The longest part of a refusal's reason kept in its log line. */
const REASON_MAX = 200;

/**
 * A refusal the caller can fix (bad arguments, a missing role) is expected: one short info line
 * with the reason. Anything else is a failure of Watchkeeper: the full error, with its stack.
 */
function logFailure(deps: CommandDeps, command: CommandDefinition, userId: string, error: unknown): void {
  if (isPermanentError(error)) {
    const reason =
      error.message.length > REASON_MAX ? `${error.message.slice(0, REASON_MAX)}…` : error.message;
    deps.logger.info(
      { command: command.name, user: userId, code: error.code, reason },
      'slash command refused',
    );
    return;
  }
  deps.logger.error({ err: error, command: command.name, user: userId }, 'slash command failed');
}

/**
 * `refused.<command>` (`refused.incidents`, `refused.digest`), who, when, and the error's own
 * text, which names what was asked and the role it needs. Only the command's name, from the
 * registry, goes into the action: nothing the caller typed (it may hold anything) is kept. An
 * audit log that cannot be written does not keep the caller from hearing why they were refused.
 */
async function auditRefusal(
  deps: CommandDeps,
  command: CommandDefinition,
  userId: string,
  error: PermissionError,
): Promise<void> {
  await deps.audit
    .record({
      who: userId,
      action: `refused.${command.name.replace(/^\//, '')}`,
      at: deps.now(),
      detail: error.message,
    })
    .catch((err: unknown) =>
      deps.logger.error({ err, command: command.name, user: userId }, 'could not audit a refused command'),
    );
}
