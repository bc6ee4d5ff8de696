import { emptyOwnersRegistry } from '../../../ownership/registry.js';
import type { AppContext } from '../../../platform/context.js';
import { NotFoundError } from '../../../platform/errors.js';
import {
  actions,
  button,
  context,
  type MessageBlock,
  type SlackMessage,
  section,
} from '../../../slack/blocks/index.js';
import { plural } from '../../../slack/blocks/text.js';
import { ACCESS_REVIEW_ACTION_IDS } from '../ids.js';
import { loadReport } from '../report-store.js';
import type { CampaignDeps } from './deps.js';
import type { ReviewerDestination } from './model.js';
import { buildItems, type UnownedDestination, unownedDestination } from './reviewers.js';

/**
 * What "Start review" would do, shown before anything is sent: how many messages go to whom
 * (owners by DM, team channels) and where principals without a reachable owner go. Owners are
 * resolved exactly as the campaign will resolve them (reviewers.ts), so the plan is the campaign.
 */

export interface CampaignPlan {
  readonly reportId: string;
  readonly accountId: string;
  readonly principals: number;
  /** Messages per person reached by DM (owners' escalation contacts). */
  readonly byPerson: ReadonlyMap<string, number>;
  /** Messages per team channel. */
  readonly byChannel: ReadonlyMap<string, number>;
  /** Principals with no reachable owner, and where they go. */
  readonly unowned: { readonly count: number; readonly to: UnownedDestination };
  /** Where the status message goes. */
  readonly statusChannel: string;
}

/** People and channels listed by name in the confirmation; the rest are counted. */
const LISTED = 8;

export async function planCampaign(
  ctx: AppContext,
  deps: CampaignDeps,
  input: { reportId: string; startedBy: string; channelId: string },
): Promise<CampaignPlan> {
  const stored = await loadReport(ctx.redis, ctx.config.redis.prefix, input.reportId);
  if (!stored) throw new NotFoundError(`access-review report ${input.reportId} (reports are kept 90 days)`);
  const configured = ctx.config.accessReview.campaign.channel;
  const unowned = unownedDestination(configured, input.startedBy);
  const tags = deps.tagsPortFor?.(ctx, stored.accountId);
  const items = await buildItems(
    { accountId: stored.accountId, principals: stored.report.principals, unowned },
    {
      registry: deps.ownersRegistry ? await deps.ownersRegistry() : emptyOwnersRegistry(),
      logger: ctx.logger,
      tagKeys: ctx.config.ownership.tagKeys,
      ...(tags ? { tags } : {}),
    },
  );
  const byPerson = new Map<string, number>();
  const byChannel = new Map<string, number>();
  let unownedCount = 0;
  for (const { reviewer } of items) {
    if (isFallback(reviewer, unowned)) unownedCount += 1;
    else {
      const counts = reviewer.kind === 'user' ? byPerson : byChannel;
      counts.set(reviewer.id, (counts.get(reviewer.id) ?? 0) + 1);
    }
  }
  return {
    reportId: stored.id,
    accountId: stored.accountId,
    principals: items.length,
    byPerson,
    byChannel,
    unowned: { count: unownedCount, to: unowned },
    statusChannel: configured ?? input.channelId,
  };
}

function isFallback(reviewer: ReviewerDestination, unowned: UnownedDestination): boolean {
  return (
    reviewer.kind === unowned.kind &&
    reviewer.id === unowned.id &&
    /no owner found|has no contact/.test(reviewer.why)
  );
}

function listed(counts: ReadonlyMap<string, number>, mention: (id: string) => string): string {
  const entries = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const shown = entries.slice(0, LISTED).map(([id, n]) => `${mention(id)} (${n})`);
  const more = entries.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${plural(more, 'other')}` : ''}`;
}

/** The confirmation, shown only to who clicked: the plan in words, and the button that starts it. */
export function buildPlanMessage(plan: CampaignPlan): SlackMessage {
  const person = (id: string) => `<@${id}>`;
  const channel = (id: string) => `<#${id}>`;
  const sum = (counts: ReadonlyMap<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
  const lines: string[] = [];
  if (plan.byPerson.size)
    lines.push(
      `• ${plural(sum(plan.byPerson), 'message')} by DM to owners: ${listed(plan.byPerson, person)}`,
    );
  if (plan.byChannel.size)
    lines.push(
      `• ${plural(sum(plan.byChannel), 'message')} to team channels: ${listed(plan.byChannel, channel)}`,
    );
  if (plan.unowned.count)
    lines.push(
      `• ${plural(plan.unowned.count, 'message')} for principals without a reachable owner ${
        plan.unowned.to.kind === 'user'
          ? `to you, by DM (${person(plan.unowned.to.id)})`
          : `to the campaign channel ${channel(plan.unowned.to.id)}`
      }`,
    );
  const text = `Start the access review of ${plural(plan.principals, 'principal')} in ${plan.accountId}? It sends ${plural(plan.principals, 'message')}, one per principal:`;
  const blocks: MessageBlock[] = [
    section({ text: `*${text}*\n${lines.join('\n')}` }),
    context([
      `The campaign status message goes to ${channel(plan.statusChannel)}. Nothing is sent until you start it.`,
    ]),
    actions([
      button({
        actionId: ACCESS_REVIEW_ACTION_IDS.confirmStartCampaign,
        text: `Start review: send ${plural(plan.principals, 'message')}`,
        value: plan.reportId,
        style: 'primary',
      }),
    ]),
  ];
  return { text, blocks };
}
