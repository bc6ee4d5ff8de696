import type { IamRevokePlan } from '../../../aws/iam/remediation.js';
import { refusal } from '../../../incidents/actions.js';
import type { AppContext } from '../../../platform/context.js';
import { toUserMessage } from '../../../platform/errors.js';
import { asKnownBlocks, buildMovedMessage, when } from './blocks.js';
import type { CampaignDeps } from './deps.js';
import { postItem, refreshItem, refreshStatus } from './messages.js';
import {
  type Campaign,
  type CampaignItem,
  type Decision,
  isPending,
  itemMessageKey,
  type RemediationRecord,
} from './model.js';
import { changeItem, loadItem, requireCampaign } from './store.js';

/**
 * Keep, Revoke and Not mine. Each commits atomically on the item (one decision per principal:
 * a second click is told who decided), goes to the audit log, and updates the item's message
 * and the status message. Revoke changes IAM only when remediation is enabled in config AND the
 * decider ticked the confirmation AND holds the security-admin role (a confirmed Revoke from
 * anyone else is refused whole, and audited) AND confirmed the list of changes, which is then
 * applied exactly; otherwise it records a follow-up for people to do.
 */

export type Outcome =
  | { readonly ok: true; readonly item: CampaignItem; readonly note?: string }
  | { readonly ok: false; readonly message: string };

/** What a campaign refusal is about, for the audit: the campaign and the principal's ARN. */
function subjectOf(target: Target): string {
  return `${target.campaign.id} ${target.item.evidence.arn}`;
}

/**
 * The item's reviewer (when a person), or anyone with the responder or security-admin role. A
 * refusal is audited (`refused.access-review.<keep|revoke|reassign>`, needing responder).
 */
export async function mayDecide(
  ctx: AppContext,
  target: Target,
  userId: string,
  kind: 'keep' | 'revoke' | 'reassign',
): Promise<boolean> {
  const { item } = target;
  if (item.reviewer.kind === 'user' && item.reviewer.id === userId) return true;
  const refused = await refusal(ctx, userId, 'responder', `access-review.${kind}`, undefined, {
    subject: subjectOf(target),
  });
  return refused === undefined;
}

export const NOT_ALLOWED =
  'Only the reviewer this principal was sent to, or someone with the responder or security-admin role, can decide it.';

/**
 * Changing IAM is a security-admin action (`roles.securityAdmin`), whoever reviews the principal:
 * a reviewer or responder may decide Revoke, but only a security admin may have Watchkeeper
 * deactivate keys and detach policies. Plain text: it is also a modal field error.
 */
export const REMEDIATION_NEEDS_ADMIN =
  'Changing IAM from an access review needs the security-admin role. Untick "Change IAM" to record the revoke (the account owners get a follow-up), or ask a security admin.';

/** A confirmed Revoke, with remediation on in config and wired in this process: it changes IAM. */
export function wouldRemediate(
  ctx: AppContext,
  deps: CampaignDeps,
  input: Pick<DecideInput, 'decision' | 'remediate'>,
): boolean {
  return (
    input.decision === 'revoke' &&
    input.remediate &&
    ctx.config.accessReview.remediation.enabled &&
    deps.remediationFor !== undefined
  );
}

/** True (and the refusal audited as `refused.access-review.remediate`) when `by` may not change IAM. */
export async function remediationRefused(ctx: AppContext, target: Target, by: string): Promise<boolean> {
  const refused = await refusal(ctx, by, 'security-admin', 'access-review.remediate', undefined, {
    verb: 'change IAM from an access review',
    subject: subjectOf(target),
  });
  return refused !== undefined;
}

function alreadyDecided(decision: Decision | undefined): string {
  if (!decision) return 'This principal has no decision to change.';
  return `Already decided: ${decision.decision} by <@${decision.by}> at ${when(decision.at)}.`;
}

/** A pending item of an open campaign: what a decision is about. */
export interface Target {
  readonly campaign: Campaign;
  readonly item: CampaignItem;
}

/** Loads what a click or submission is about, refusing closed campaigns and unknown items. */
export async function loadTarget(
  ctx: AppContext,
  campaignId: string,
  itemKey: string,
): Promise<Target | { message: string }> {
  const prefix = ctx.config.redis.prefix;
  const campaign = await requireCampaign(ctx.redis, prefix, campaignId).catch(() => undefined);
  const item = campaign ? await loadItem(ctx.redis, prefix, campaignId, itemKey) : undefined;
  if (!campaign || !item) return { message: 'This access-review campaign or principal no longer exists.' };
  if (campaign.status === 'closed')
    return { message: `Campaign ${campaign.id} is closed; decisions are final.` };
  if (!isPending(item)) return { message: alreadyDecided(item.decision) };
  return { campaign, item };
}

function followUpFor(item: CampaignItem, remediated: boolean): string {
  const e = item.evidence;
  if (remediated) return `check nothing broke, then delete ${e.kind} ${e.name} or restore what it needs`;
  const keys = e.kind === 'user' ? 'deactivate its access keys, ' : '';
  return `${keys}detach its policies and delete ${e.kind} ${e.name} (${e.arn})`;
}

export interface DecideInput {
  readonly campaignId: string;
  readonly itemKey: string;
  readonly decision: 'keep' | 'revoke';
  readonly by: string;
  readonly justification: string;
  /** The reviewer ticked "change IAM now" (only offered with remediation enabled). */
  readonly remediate: boolean;
  /**
   * The list of IAM changes the decider confirmed (revoke-confirm.ts): exactly what is applied.
   * Required to change IAM: without it nothing in IAM changes.
   */
  readonly plan?: IamRevokePlan;
}

export const REMEDIATION_NEEDS_CONFIRMED_PLAN =
  'Changing IAM needs the list of changes confirmed first: click Revoke again to see it.';

/** A plan read for another principal or account is never applied to this one. */
function planFits(plan: IamRevokePlan, campaign: Campaign, item: CampaignItem): boolean {
  return (
    plan.accountId === campaign.accountId &&
    plan.principal.kind === item.evidence.kind &&
    plan.principal.name === item.evidence.name
  );
}

export async function decide(ctx: AppContext, deps: CampaignDeps, input: DecideInput): Promise<Outcome> {
  const prefix = ctx.config.redis.prefix;
  const target = await loadTarget(ctx, input.campaignId, input.itemKey);
  if ('message' in target) return { ok: false, message: target.message };
  const remediate = wouldRemediate(ctx, deps, input);
  // Checked here too, whoever calls: nothing is recorded and IAM is untouched when refused.
  if (remediate && (await remediationRefused(ctx, target, input.by)))
    return { ok: false, message: REMEDIATION_NEEDS_ADMIN };
  const plan = input.plan;
  if (remediate && (!plan || !planFits(plan, target.campaign, target.item)))
    return { ok: false, message: REMEDIATION_NEEDS_CONFIRMED_PLAN };
  const at = ctx.now();
  const committed = await changeItem(ctx.redis, prefix, input.campaignId, input.itemKey, (item) => {
    if (!isPending(item)) return { refuse: alreadyDecided(item.decision) };
    const decision: Decision = {
      decision: input.decision,
      by: input.by,
      at: at.toISOString(),
      justification: input.justification,
      ...(input.decision === 'revoke' ? { followUp: followUpFor(item, remediate) } : {}),
    };
    return { next: { ...item, decision }, result: '' };
  });
  if (!committed.changed) return { ok: false, message: committed.result };
  let item = committed.item;
  await ctx.audit.record({
    who: input.by,
    action: `access-review.${input.decision}`,
    at,
    after: {
      campaignId: input.campaignId,
      principalArn: item.evidence.arn,
      decision: input.decision,
      justification: input.justification,
      ...(item.decision?.followUp ? { followUp: item.decision.followUp } : {}),
    },
    detail: `${input.campaignId} ${item.evidence.arn}`,
  });

  let note: string | undefined;
  if (remediate && plan) {
    const record = await runRemediation(ctx, deps, target.campaign, item, plan);
    const saved = await changeItem(ctx.redis, prefix, input.campaignId, input.itemKey, (current) =>
      current.decision
        ? { next: { ...current, decision: { ...current.decision, remediation: record } }, result: '' }
        : { refuse: '' },
    );
    item = saved.item;
    await ctx.audit.record({
      who: input.by,
      action: 'access-review.remediate',
      at: ctx.now(),
      after: {
        campaignId: input.campaignId,
        principalArn: item.evidence.arn,
        confirmed: {
          accessKeys: plan.accessKeys.map((k) => k.masked),
          managedPolicies: plan.managedPolicies,
        },
        ...record,
      },
      detail: `${input.campaignId} ${item.evidence.arn}`,
    });
    if (record.error) note = `The decision is recorded, but changing IAM stopped: ${record.error}`;
  }
  await refreshItem(deps, target.campaign, item);
  await refreshStatus(ctx, deps, target.campaign);
  return { ok: true, item, ...(note ? { note } : {}) };
}

/** Applies the confirmed plan (keys deactivated, managed policies detached); a failure is kept, not thrown. */
async function runRemediation(
  ctx: AppContext,
  deps: CampaignDeps,
  campaign: Campaign,
  item: CampaignItem,
  plan: IamRevokePlan,
): Promise<RemediationRecord> {
  const iam = deps.remediationFor?.(ctx, campaign.accountId);
  if (!iam) return { deactivatedKeys: [], detachedPolicies: [] };
  try {
    const done = await iam.applyRevoke(plan);
    return { deactivatedKeys: done.deactivated, detachedPolicies: done.detached };
  } catch (error) {
    ctx.logger.error(
      { err: error, principal: item.evidence.arn, campaignId: campaign.id },
      'access-review remediation failed',
    );
    return { deactivatedKeys: [], detachedPolicies: [], error: toUserMessage(error) };
  }
}

export interface ReassignInput {
  readonly campaignId: string;
  readonly itemKey: string;
  readonly by: string;
  readonly to: string;
  readonly note: string;
}

/** Not mine: the item moves to another person (a new DM); its old message says where it went. */
export async function reassign(ctx: AppContext, deps: CampaignDeps, input: ReassignInput): Promise<Outcome> {
  const prefix = ctx.config.redis.prefix;
  const target = await loadTarget(ctx, input.campaignId, input.itemKey);
  if ('message' in target) return { ok: false, message: target.message };
  const at = ctx.now();
  const move: Decision = {
    decision: 'reassigned',
    by: input.by,
    at: at.toISOString(),
    justification: input.note,
    reassignedTo: input.to,
  };
  const committed = await changeItem<CampaignItem | string>(
    ctx.redis,
    prefix,
    input.campaignId,
    input.itemKey,
    (item) => {
      if (!isPending(item)) return { refuse: alreadyDecided(item.decision) };
      if (item.reviewer.kind === 'user' && item.reviewer.id === input.to)
        return { refuse: `<@${input.to}> already reviews this principal.` };
      return {
        next: {
          ...item,
          reviewer: { kind: 'user', id: input.to, why: `reassigned by <@${input.by}>` },
          round: item.round + 1,
          decision: move,
          reassignments: [...item.reassignments, move],
        },
        result: item,
      };
    },
  );
  const before = committed.result;
  if (typeof before === 'string') return { ok: false, message: before };
  const item = committed.item;
  await ctx.audit.record({
    who: input.by,
    action: 'access-review.reassign',
    at,
    after: {
      campaignId: input.campaignId,
      principalArn: item.evidence.arn,
      decision: 'reassigned',
      reassignedTo: input.to,
      justification: input.note,
    },
    detail: `${input.campaignId} ${item.evidence.arn}`,
  });
  const moved = buildMovedMessage(target.campaign, before, move);
  await deps.outbox.updateMessage({
    postedKey: itemMessageKey(input.campaignId, before),
    channel: before.reviewer.id,
    text: moved.text,
    blocks: asKnownBlocks(moved.blocks),
  });
  await postItem(deps, target.campaign, item);
  await refreshStatus(ctx, deps, target.campaign);
  return { ok: true, item };
}
