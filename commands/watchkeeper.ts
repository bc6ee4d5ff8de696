import { UsageError } from '../src/platform/errors.js';
import type { CommandDefinition, CommandReply } from '../src/slack/command.js';

/** `/watchkeeper help`: lists every command with its usage. Other subcommands join here. */

export const WATCHKEEPER_USAGE = '/watchkeeper help';

export type WatchkeeperArgs = { readonly subcommand: 'help' };

export function parseWatchkeeperArgs(text: string): WatchkeeperArgs {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [first = 'help', ...rest] = words;
  if (first.toLowerCase() !== 'help' || rest.length > 0) {
    throw new UsageError(`Unknown subcommand "${words.join(' ')}"`, WATCHKEEPER_USAGE);
  }
  return { subcommand: 'help' };
}

export const watchkeeperCommand: CommandDefinition = {
  name: '/watchkeeper',
  usage: WATCHKEEPER_USAGE,
  description: 'Show what Watchkeeper can do and how to call each command.',
  async handle(invocation, deps): Promise<CommandReply> {
    parseWatchkeeperArgs(invocation.text);
    const lines = deps.commands.map((c) => `• \`${c.usage}\` — ${c.description}`);
    return {
      text: `*Watchkeeper commands*\n${lines.join('\n')}\n\nIncident cards also have buttons: Acknowledge, Assign, Escalate, Snooze, Resolve.`,
    };
  },
};
