import type { Redis } from 'ioredis';
import { maskSecretsDeep } from '../../../platform/log/mask.js';
import { csvCell } from '../../output/render.js';
import { type Campaign, type CampaignItem, outcomeOf } from './model.js';
import { loadItems, requireCampaign } from './store.js';

/**
 * The campaign's evidence for auditors: one row per principal with the decision, who made it,
 * why, what remediation did, and the evidence the reviewer saw at review time. CSV cells are
 * RFC 4180 quoted and a leading = + - @ is neutralized (csvCell), so justifications typed by
 * people can never run as spreadsheet formulas. Every text is masked (maskSecretsDeep): a key
 * id or token pasted into a justification leaves in the evidence as `AKIA…WXYZ` or `xoxb-****`.
 */

export const CAMPAIGN_CSV_COLUMNS = [
  'campaign_id',
  'account_id',
  'principal_kind',
  'principal_name',
  'principal_arn',
  'owner',
  'owner_source',
  'reviewer',
  'decision',
  'decided_by',
  'decided_at',
  'justification',
  'follow_up',
  'remediation_done',
  'reassignments',
  'last_used',
  'console_access',
  'mfa',
  'active_access_keys',
  'admin',
  'escalation_methods',
  'findings_critical',
  'findings_high',
  'findings_medium',
  'findings_low',
] as const;

export type CampaignExportRow = Record<(typeof CAMPAIGN_CSV_COLUMNS)[number], string | number | boolean>;

function remediationDone(item: CampaignItem): string {
  const done = item.decision?.remediation;
  if (!done) return '';
  const parts = [
    ...done.deactivatedKeys.map((k) => `deactivated ${k}`),
    ...done.detachedPolicies.map((p) => `detached ${p}`),
  ];
  if (done.error) parts.push(`stopped: ${done.error}`);
  return parts.join('; ') || 'nothing to change';
}

export function exportRows(campaign: Campaign, items: readonly CampaignItem[]): CampaignExportRow[] {
  return items.map((item) => maskSecretsDeep(unmaskedRow(campaign, item)));
}

function unmaskedRow(campaign: Campaign, item: CampaignItem): CampaignExportRow {
  const e = item.evidence;
  // A reassignment still waiting for its new reviewer has no final decider yet.
  const final = item.decision && item.decision.decision !== 'reassigned' ? item.decision : undefined;
  return {
    campaign_id: campaign.id,
    account_id: campaign.accountId,
    principal_kind: e.kind,
    principal_name: e.name,
    principal_arn: e.arn,
    owner: item.owner.team ?? '',
    owner_source: item.owner.source,
    reviewer: item.reviewer.id,
    decision: outcomeOf(item),
    decided_by: final?.by ?? '',
    decided_at: final?.at ?? '',
    justification: final?.justification ?? '',
    follow_up: final?.followUp ?? '',
    remediation_done: remediationDone(item),
    reassignments: item.reassignments
      .map(
        (r) => `${r.at} ${r.by} -> ${r.reassignedTo ?? '?'}${r.justification ? `: ${r.justification}` : ''}`,
      )
      .join('; '),
    last_used: e.lastUsed ?? '',
    console_access: e.consoleAccess,
    mfa: e.mfa,
    active_access_keys: e.activeAccessKeys,
    admin: e.admin,
    escalation_methods: e.escalationMethods.join(' '),
    findings_critical: e.findingCounts.critical,
    findings_high: e.findingCounts.high,
    findings_medium: e.findingCounts.medium,
    findings_low: e.findingCounts.low,
  };
}

export function renderCampaignCsv(campaign: Campaign, items: readonly CampaignItem[]): string {
  const rows = exportRows(campaign, items).map((row) => CAMPAIGN_CSV_COLUMNS.map((c) => String(row[c])));
  return `${[[...CAMPAIGN_CSV_COLUMNS], ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function renderCampaignJson(campaign: Campaign, items: readonly CampaignItem[]): string {
  return `${JSON.stringify({ campaign: maskSecretsDeep(campaign), rows: exportRows(campaign, items) }, null, 2)}\n`;
}

/** The export of a stored campaign, for the close step and for programs (tests, the CLI). */
export async function exportCampaign(
  redis: Redis,
  prefix: string,
  id: string,
  format: 'csv' | 'json',
): Promise<string> {
  const campaign = await requireCampaign(redis, prefix, id);
  const items = await loadItems(redis, prefix, id);
  return format === 'csv' ? renderCampaignCsv(campaign, items) : renderCampaignJson(campaign, items);
}
