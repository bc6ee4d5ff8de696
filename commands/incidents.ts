import { type IncidentsArgs, incidentsTask } from '../src/incidents/task.js';
import { UsageError } from '../src/platform/errors.js';
import { JobName } from '../src/platform/queue/names.js';
import { type CommandDefinition, callerOf } from '../src/slack/command.js';

/**
 * `/incidents [open|mine|ID]` lists open incidents or shows one; `/incidents ID ack` and
 * `/incidents ID resolve SUMMARY…` do what the card's buttons do, with the same role checks.
 * Parsed here so a malformed call gets its usage at once; the work runs in a task job.
 */
export const INCIDENTS_USAGE = '/incidents [open | mine | INC-ID | INC-ID ack | INC-ID resolve SUMMARY]';

const ID = /^INC-[A-Z0-9]+$/i;

export function parseIncidentsArgs(text: string): IncidentsArgs {
  const [first = 'open', second, ...rest] = text.trim().split(/\s+/).filter(Boolean);
  const usage = (message: string) => new UsageError(message, INCIDENTS_USAGE);
  if (first === 'open' || first === 'mine') {
    if (second) throw usage(`"${first}" takes nothing after it`);
    return { kind: 'list', mine: first === 'mine' };
  }
  if (!ID.test(first)) throw usage(`"${first}" is not an incident id (they look like INC-MX0SC7TIAJV6)`);
  const id = first.toUpperCase();
  if (!second) return { kind: 'show', id };
  if (second === 'ack' && rest.length === 0) return { kind: 'ack', id };
  if (second === 'resolve') {
    if (rest.length === 0) throw usage('Say how it was resolved: /incidents INC-ID resolve what you did');
    return { kind: 'resolve', id, summary: rest.join(' ') };
  }
  throw usage(`"${[second, ...rest].join(' ')}" is not something /incidents does to an incident`);
}

export const incidentsCommand: CommandDefinition = {
  name: '/incidents',
  usage: INCIDENTS_USAGE,
  description: 'List open incidents (or yours), show one, or acknowledge or resolve one.',
  async handle(invocation, deps) {
    const args = parseIncidentsArgs(invocation.text);
    if (args.kind === 'ack' || args.kind === 'resolve') {
      await deps.roles.requireRole(
        invocation.userId,
        'responder',
        `${args.kind === 'ack' ? 'acknowledge' : 'resolve'} incidents`,
      );
    }
    await deps.queues.tasks.add(JobName.Command, incidentsTask.job(args, callerOf(invocation)));
    return { text: args.kind === 'list' ? 'Looking up open incidents…' : `Working on ${args.id}…` };
  },
};
