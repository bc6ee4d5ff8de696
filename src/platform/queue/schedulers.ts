import type { AppContext } from '../context.js';
import { ALL_QUEUES } from './names.js';
import type { Workflow } from './processors.js';

/**
 * Puts every configured job scheduler in place (BullMQ `upsertJobScheduler` is idempotent, so
 * two scheduler replicas converge on the same set) and removes the ones config no longer asks
 * for, so a removed account stops being polled. Schedulers a workflow creates at run time
 * (`runtimeSchedulerPrefixes`) are not config's to remove.
 */
export async function upsertSchedulers(ctx: AppContext, workflows: readonly Workflow[]): Promise<void> {
  const entries = workflows.flatMap((w) => w.schedulers?.(ctx) ?? []);
  const wanted = new Map<string, Set<string>>();
  for (const entry of entries) {
    if (entry.id.includes(':')) throw new Error(`job scheduler id "${entry.id}" must not contain ':'`);
    await ctx.queues[entry.queue].upsertJobScheduler(entry.id, entry.repeat, {
      name: entry.job,
      data: entry.data,
    });
    const ids = wanted.get(entry.queue) ?? new Set<string>();
    ids.add(entry.id);
    wanted.set(entry.queue, ids);
  }
  const runtimeOwned = workflows.flatMap((w) => w.runtimeSchedulerPrefixes ?? []);
  for (const name of ALL_QUEUES) {
    const existing = await ctx.queues[name].getJobSchedulers(0, -1);
    for (const scheduler of existing) {
      const id = scheduler.key;
      if (runtimeOwned.some((prefix) => id.startsWith(prefix))) continue;
      if (!wanted.get(name)?.has(id)) {
        await ctx.queues[name].removeJobScheduler(id);
        ctx.logger.info(
          { queue: name, scheduler: id },
          'removed a job scheduler that config no longer asks for',
        );
      }
    }
  }
  ctx.logger.info({ schedulers: entries.length }, 'job schedulers in place');
}
