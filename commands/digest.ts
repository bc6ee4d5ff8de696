import { type DigestArgs, digestTask } from '../src/digest/task.js';
import { UsageError } from '../src/platform/errors.js';
import { JobName } from '../src/platform/queue/names.js';
import { type CommandDefinition, callerOf } from '../src/slack/command.js';

/**
 * `/digest [preview]`: `preview` shows the weekly digest to the caller alone; with no argument it
 * posts the digest to the channel (security-admin only). The digest reads AWS posture, so it is
 * built by a task job after the ack.
 */
export const DIGEST_USAGE = '/digest [preview]';

export function parseDigestArgs(text: string): DigestArgs {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { mode: 'post' };
  if (words.length === 1 && words[0]?.toLowerCase() === 'preview') return { mode: 'preview' };
  throw new UsageError(`"${words.join(' ')}" is not something /digest takes`, DIGEST_USAGE);
}

export const digestCommand: CommandDefinition = {
  name: '/digest',
  usage: DIGEST_USAGE,
  description: 'The weekly security digest: preview it privately, or post it here (security admins).',
  async handle(invocation, deps) {
    const args = parseDigestArgs(invocation.text);
    const { mode } = args;
    if (mode === 'post')
      await deps.roles.requireRole(invocation.userId, 'security-admin', 'post the digest to the channel');
    await deps.queues.tasks.add(JobName.Command, digestTask.job(args, callerOf(invocation)));
    return {
      text: mode === 'preview' ? 'Building your digest preview…' : 'Building the digest for this channel…',
    };
  },
};
