import type { KnownBlock } from '@slack/types';
import type { IamInventoryPort } from '../../aws/iam/port.js';
import { emptyOwnersRegistry, type OwnersRegistry } from '../../ownership/registry.js';
import type { AppContext } from '../../platform/context.js';
import { isPermanentError, toUserMessage } from '../../platform/errors.js';
import type { TaskCaller } from '../../platform/queue/task-job.js';
import type { Outbox } from '../../slack/outbox/index.js';
import { respondTo } from '../../slack/respond.js';
import { loadActionCatalog } from '../catalog/action-catalog.js';
import type { ActionCatalog } from '../checks/check.js';
import { parseInventory } from '../inventory/parse.js';
import { runAudit } from '../run-audit.js';
import type { AccessReviewArgs } from './args.js';
import { countOwnedPrincipals } from './principal-owners.js';
import { buildProgressMessage, buildReportMessage } from './report-blocks.js';
import { newReportId, saveReport } from './report-store.js';

/**
 * The work behind `/access-review`, run by a task job after the ack: collect the account's IAM
 * inventory through its port, analyse it, keep the report, and show it. In the channel, one
 * status message shows progress and then becomes the report; with `private`, progress and the
 * report go to the caller through the command's response_url.
 */

export interface AccessReviewTaskDeps {
  /** The inventory port of an account: the SDK in production, the sample account in the sandbox. */
  readonly iamPortFor: (ctx: AppContext, accountId: string) => IamInventoryPort;
  readonly outbox: Outbox;
  /** owners.yaml, to count owned principals; none: owners come from tags only. */
  readonly ownersRegistry?: () => Promise<OwnersRegistry>;
  /** @defaultValue loadActionCatalog */
  readonly catalog?: () => Promise<ActionCatalog>;
  /** Least time between two progress updates. @defaultValue 2000 */
  readonly progressIntervalMs?: number;
}

export interface TaskAnswer {
  readonly text: string;
  readonly blocks?: KnownBlock[];
  /** The answer replaces the command's private "Running…" reply rather than adding a second one. */
  readonly replaceOriginal?: boolean;
}

/** response_url takes five answers: keep one for the report and one for a failure. */
const PRIVATE_PROGRESS_UPDATES = 2;

export async function runAccessReviewTask(
  args: AccessReviewArgs,
  task: TaskCaller,
  ctx: AppContext,
  deps: AccessReviewTaskDeps,
): Promise<TaskAnswer> {
  const reportId = task.requestId ?? newReportId(ctx.now());
  const account = ctx.config.aws.accounts.find((a) => a.id === args.accountId);
  const accountLabel = account?.alias ? `${account.alias} (${args.accountId})` : args.accountId;
  const { outbox } = deps;
  const statusKey = `access-review.${reportId}.status`;
  const inChannel = !args.private;

  let lastShown = 0;
  let privateUpdates = 0;
  const interval = deps.progressIntervalMs ?? 2_000;
  const show = async (progress: Parameters<typeof buildProgressMessage>[1], force = false) => {
    const nowMs = ctx.now().getTime();
    if (!force && nowMs - lastShown < interval) return;
    lastShown = nowMs;
    const message = buildProgressMessage(accountLabel, progress);
    if (inChannel) await outbox.updateMessage({ postedKey: statusKey, channel: task.channelId, ...message });
    else if (task.responseUrl && privateUpdates < PRIVATE_PROGRESS_UPDATES) {
      privateUpdates += 1;
      await respondTo(task.responseUrl, { text: message.text, replaceOriginal: true });
    }
  };

  if (inChannel)
    await outbox.postMessage({
      idempotencyKey: statusKey,
      channel: task.channelId,
      ...buildProgressMessage(accountLabel, { stage: 'starting', pages: 0, principals: 0 }),
    });
  try {
    // Progress callbacks are synchronous; their Slack updates run in order, after one another.
    let pending: Promise<void> = Promise.resolve();
    const raw = await deps.iamPortFor(ctx, args.accountId).collect((progress) => {
      pending = pending
        .then(() => show(progress))
        .catch((error) => {
          ctx.logger.warn({ err: error }, 'access-review progress update failed');
        });
    });
    await pending;
    const inventory = parseInventory({ ...raw, accountId: raw.accountId ?? args.accountId });
    await show(
      {
        stage: 'analysing',
        pages: 0,
        principals: 0,
        analysed: inventory.users.length + inventory.roles.length,
      },
      true,
    );
    const catalog = await (deps.catalog ?? loadActionCatalog)();
    const report = runAudit(inventory, { catalog, now: ctx.now(), scope: args.scope });
    const owners = countOwnedPrincipals(
      inventory,
      deps.ownersRegistry ? await deps.ownersRegistry() : emptyOwnersRegistry(),
      ctx.config.ownership.tagKeys,
    );
    await saveReport(ctx.redis, ctx.config.redis.prefix, {
      id: reportId,
      accountId: args.accountId,
      requestedBy: task.userId,
      channelId: task.channelId,
      report,
      owners,
    });
    const message = buildReportMessage(report, {
      reportId,
      accountLabel,
      requestedBy: task.userId,
      sampleData: ctx.config.sampleData,
      private: args.private,
    });
    ctx.logger.info(
      { reportId, accountId: args.accountId, scope: args.scope, counts: report.counts, score: report.score },
      'access review finished',
    );
    // One private reply per review: the ack's "Running…" line becomes the report (private) or
    // the pointer to it (in the channel), never a second message under the first.
    if (!inChannel) return { ...message, replaceOriginal: true };
    await outbox.updateMessage({ postedKey: statusKey, channel: task.channelId, ...message });
    return { text: 'The access-review report is in the channel.', replaceOriginal: true };
  } catch (error) {
    // A review that cannot succeed says why where people are looking; a transient failure is
    // retried by BullMQ and the status message keeps saying "running".
    if (inChannel && isPermanentError(error))
      await outbox.updateMessage({
        postedKey: statusKey,
        channel: task.channelId,
        text: `:x: IAM access review of ${accountLabel} failed: ${toUserMessage(error)}`,
      });
    throw error;
  }
}
