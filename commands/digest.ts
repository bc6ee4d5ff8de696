import { UsageError } from '../src/platform/errors.js';
import { JobName } from '../src/platform/queue/names.js';
import type { TaskJob } from '../src/platform/queue/task-job.js';
import type { CommandDefinition } from '../src/slack/command.js';

/**
 * `/digest [preview]`: `preview` shows the weekly digest to the caller alone; with no argument it
 * posts the digest to the channel (security-admin only). The digest reads AWS posture, so it is
 * built by a task job after the ack.
 */
export const DIGEST_USAGE = '/digest [preview]';

export function parseDigestArgs(text: string): { mode: 'preview' | 'post' } {
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
    const { mode } = parseDigestArgs(invocation.text);
    if (mode === 'post')
      await deps.roles.requireRole(invocation.userId, 'security-admin', 'post the digest to the channel');
    const task: TaskJob = {
      command: mode === 'preview' ? 'digest-preview' : 'digest-post',
      text: '',
      userId: invocation.userId,
      channelId: invocation.channelId,
      ...(invocation.responseUrl ? { responseUrl: invocation.responseUrl } : {}),
    };
    await deps.queues.tasks.add(JobName.Command, task);
    return {
      text: mode === 'preview' ? 'Building your digest preview…' : 'Building the digest for this channel…',
    };
  },
};
