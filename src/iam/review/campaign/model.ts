import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { OwnerSource } from '../../../ownership/resolver.js';
import type { PrincipalEvidence } from '../../model.js';

/**
 * An access-review campaign: one item per IAM user or role of a stored report, each sent to a
 * reviewer who keeps or revokes it before the deadline. Everything here is plain JSON because
 * campaigns live in Redis and their ids travel in job ids and button values (so no `:`).
 */

export type DecisionKind = 'keep' | 'revoke' | 'reassigned';

/** What Revoke changed in IAM (when remediation is on and was confirmed). Key ids are masked. */
export interface RemediationRecord {
  readonly deactivatedKeys: readonly string[];
  readonly detachedPolicies: readonly string[];
  /** Why it stopped, when a call failed (earlier changes are listed above). */
  readonly error?: string;
}

export interface Decision {
  readonly decision: DecisionKind;
  /** Slack user id. */
  readonly by: string;
  readonly at: string;
  /** The reviewer's reason; for a reassignment, the optional note. */
  readonly justification: string;
  /** Revoke: what is left to do by hand (recorded whether or not IAM was changed). */
  readonly followUp?: string;
  readonly remediation?: RemediationRecord;
  /** Reassigned: the user the item moved to. */
  readonly reassignedTo?: string;
}

/** Where an item's message goes: a DM to a person, or a channel. */
export interface ReviewerDestination {
  readonly kind: 'user' | 'channel';
  /** A Slack user id (`U…`) for `user`, a channel id for `channel`. */
  readonly id: string;
  /** Why this destination: "escalation contact of team payments", "channel of team payments"… */
  readonly why: string;
}

export interface CampaignItem {
  /** `user/NAME` or `role/NAME`: unique in an account, short enough for a button value. */
  readonly key: string;
  /** Position in the report, so messages and exports keep the report's order. */
  readonly index: number;
  readonly evidence: PrincipalEvidence;
  readonly owner: { readonly team?: string; readonly source: OwnerSource; readonly detail: string };
  readonly reviewer: ReviewerDestination;
  /** Bumped by each reassignment; each round has its own message. */
  readonly round: number;
  /** A final decision (keep/revoke), or the latest reassignment while the item waits again. */
  readonly decision?: Decision;
  /** Every reassignment, oldest first. */
  readonly reassignments: readonly Decision[];
}

export type CampaignStatus = 'starting' | 'open' | 'closed';

export interface Campaign {
  /** `arc-…`, no `:`. */
  readonly id: string;
  readonly accountId: string;
  readonly reportId: string;
  readonly startedBy: string;
  readonly startedAt: string;
  readonly deadline: string;
  /** The status message's channel; its ts is the outbox's, under {@link statusMessageKey}. */
  readonly statusChannel: string;
  readonly status: CampaignStatus;
  readonly itemCount: number;
  readonly closedBy?: string;
  readonly closedAt?: string;
}

export function newCampaignId(now: Date): string {
  return `arc-${now.getTime().toString(36)}-${randomBytes(4).toString('hex')}`;
}

export function itemKeyOf(evidence: Pick<PrincipalEvidence, 'kind' | 'name'>): string {
  return `${evidence.kind}/${evidence.name}`;
}

/** A reviewer button's value: `<campaign id>|<item key>` (ids.ts). */
export function itemButtonValue(campaignId: string, itemKey: string): string {
  return `${campaignId}|${itemKey}`;
}

export function parseItemButtonValue(value: string): { campaignId: string; itemKey: string } | undefined {
  const bar = value.indexOf('|');
  if (bar <= 0 || bar === value.length - 1) return undefined;
  return { campaignId: value.slice(0, bar), itemKey: value.slice(bar + 1) };
}

/** Pending: no decision yet, or moved to someone else who has not decided yet. */
export function isPending(item: CampaignItem): boolean {
  return item.decision === undefined || item.decision.decision === 'reassigned';
}

/** What the summary and exports call an item's outcome. */
export function outcomeOf(item: CampaignItem): 'keep' | 'revoke' | 'reassigned' | 'undecided' {
  return item.decision?.decision ?? 'undecided';
}

// Outbox idempotency keys: one message per campaign, item round, reminder slot and reviewer.
export const statusMessageKey = (id: string) => `access-review-campaign.${id}.status`;
export const itemMessageKey = (id: string, item: Pick<CampaignItem, 'key' | 'round'>) =>
  `access-review-campaign.${id}.item.${item.key}.r${item.round}`;
export const reminderMessageKey = (id: string, slot: number, reviewer: string) =>
  `access-review-campaign.${id}.reminder.${slot}.${reviewer}`;
export const summaryMessageKey = (id: string) => `access-review-campaign.${id}.summary`;
export const exportFileKey = (id: string, format: 'csv' | 'json') => `access-review-campaign.${id}.${format}`;

/** The reminder job scheduler of a campaign (no `:`). */
export const REMINDER_SCHEDULER_PREFIX = 'access-review-reminders-';
export const reminderSchedulerId = (id: string) => `${REMINDER_SCHEDULER_PREFIX}${id}`;

const evidenceSchema = z.object({
  kind: z.enum(['user', 'role']),
  name: z.string(),
  arn: z.string(),
  lastUsed: z.string().optional(),
  consoleAccess: z.boolean(),
  mfa: z.boolean(),
  activeAccessKeys: z.number(),
  admin: z.boolean(),
  escalationMethods: z.array(z.string()),
  findingCounts: z.object({ critical: z.number(), high: z.number(), medium: z.number(), low: z.number() }),
});

const decisionSchema = z.object({
  decision: z.enum(['keep', 'revoke', 'reassigned']),
  by: z.string(),
  at: z.string(),
  justification: z.string(),
  followUp: z.string().optional(),
  remediation: z
    .object({
      deactivatedKeys: z.array(z.string()),
      detachedPolicies: z.array(z.string()),
      error: z.string().optional(),
    })
    .optional(),
  reassignedTo: z.string().optional(),
});

export const itemSchema = z.object({
  key: z.string(),
  index: z.number().int(),
  evidence: evidenceSchema,
  owner: z.object({
    team: z.string().optional(),
    source: z.enum(['tag', 'registry', 'account-default', 'none']),
    detail: z.string(),
  }),
  reviewer: z.object({ kind: z.enum(['user', 'channel']), id: z.string(), why: z.string() }),
  round: z.number().int().min(1),
  decision: decisionSchema.optional(),
  reassignments: z.array(decisionSchema),
});

export const campaignSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  reportId: z.string(),
  startedBy: z.string(),
  startedAt: z.string(),
  deadline: z.string(),
  statusChannel: z.string(),
  status: z.enum(['starting', 'open', 'closed']),
  itemCount: z.number().int(),
  closedBy: z.string().optional(),
  closedAt: z.string().optional(),
});
