import type { App } from '@slack/bolt';
import { toUserMessage } from '../platform/errors.js';
import type { Metrics } from '../platform/metrics.js';
import type { CommandDeps } from './command.js';

/**
 * Binds each command in the registry to Bolt. The handler's reply is the ack itself, so Slack
 * gets its answer inside the 3-second window; a handler error is acked as one ephemeral line
 * (toUserMessage) and logged in full, never left unacknowledged.
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
        await ack({
          response_type: reply.inChannel ? 'in_channel' : 'ephemeral',
          text: reply.text,
          ...(reply.blocks ? { blocks: reply.blocks } : {}),
        });
      } catch (error) {
        deps.logger.warn(
          { err: error, command: command.name, user: payload.user_id },
          'slash command refused or failed',
        );
        await ack({ response_type: 'ephemeral', text: toUserMessage(error) });
      } finally {
        timer();
      }
    });
  }
}
