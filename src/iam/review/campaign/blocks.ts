import type { KnownBlock } from '@slack/types';
import {
  actions,
  button,
  checkboxes,
  context,
  fieldsSection,
  header,
  input,
  BLOCK_LIMITS as L,
  limitId,
  type MessageBlock,
  type ModalView,
  plainText,
  plainTextInput,
  type SlackMessage,
  safeMrkdwnLine,
  section,
  truncate,
  usersSelect,
  type ViewBlock,
} from '../../../slack/blocks/index.js';
import { plural } from '../../../slack/blocks/text.js';
import { ACCESS_REVIEW_ACTION_IDS, ACCESS_REVIEW_CALLBACK_IDS } from '../ids.js';
import {
  type Campaign,
  type CampaignItem,
  type Decision,
  isPending,
  itemButtonValue,
  outcomeOf,
} from './model.js';

/**
 * The campaign's Slack messages and modals. Every value from AWS or a person is escaped and cut
 * by the block builders, so any principal name, owner or justification gives a valid message.
 */

/** Input block and action ids inside the campaign's modals (read back from `view.state`). */
export const CAMPAIGN_MODAL_FIELDS = {
  justificationBlock: 'wk_review_justification',
  justificationInput: 'wk_review_justification_input',
  confirmBlock: 'wk_review_remediate',
  confirmInput: 'wk_review_remediate_input',
  confirmValue: 'remediate',
  assigneeBlock: 'wk_review_assignee',
  assigneeInput: 'wk_review_assignee_input',
  noteBlock: 'wk_review_note',
  noteInput: 'wk_review_note_input',
} as const;

export const JUSTIFICATION_MAX = 500;

/** The builders' block types are a strict subset of Slack's; the outbox takes @slack/types'. */
export function asKnownBlocks(blocks: readonly MessageBlock[]): KnownBlock[] {
  return blocks as unknown as KnownBlock[];
}
/** Lines listed in a status, summary or reminder before "and N more". */
const LIST_MAX = 20;

export function when(iso: string | undefined): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : 'never';
}

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

function principalLine(item: CampaignItem): string {
  const e = item.evidence;
  return `IAM ${e.kind} *${safeMrkdwnLine(e.name)}*\n\`${safeMrkdwnLine(e.arn)}\``;
}

function findingsText(item: CampaignItem): string {
  const c = item.evidence.findingCounts;
  return `${c.critical} critical, ${c.high} high, ${c.medium} medium, ${c.low} low`;
}

function evidenceBlocks(campaign: Campaign, item: CampaignItem): MessageBlock[] {
  const e = item.evidence;
  const escalation = e.escalationMethods.length > 0 ? e.escalationMethods.join(', ') : 'none';
  const owner = item.owner.team ? `team ${safeMrkdwnLine(item.owner.team)}` : 'unknown';
  return [
    section({
      text: `*Access review* of account ${safeMrkdwnLine(campaign.accountId)}\n${principalLine(item)}`,
    }),
    fieldsSection(
      [
        ['Last used', when(e.lastUsed)],
        ['Console / MFA', `${yesNo(e.consoleAccess)} / ${yesNo(e.mfa)}`],
        ['Active access keys', String(e.activeAccessKeys)],
        ['Admin', yesNo(e.admin)],
        ['Privilege escalation', safeMrkdwnLine(escalation)],
        ['Findings', findingsText(item)],
      ],
      undefined,
      300,
    ),
    context([
      `Owner: ${owner} (${safeMrkdwnLine(item.owner.detail)})`,
      `Reviewer: ${item.reviewer.kind === 'user' ? `<@${item.reviewer.id}>` : `<#${item.reviewer.id}>`} (${safeMrkdwnLine(item.reviewer.why)})`,
      `Decide by ${when(campaign.deadline)} · campaign ${safeMrkdwnLine(campaign.id)}`,
    ]),
  ];
}

function decisionLine(decision: Decision): string {
  const verb = { keep: ':white_check_mark: Kept', revoke: ':no_entry: Revoke', reassigned: 'Moved' }[
    decision.decision
  ];
  const reason = decision.justification ? `: ${safeMrkdwnLine(decision.justification)}` : '';
  const to = decision.reassignedTo ? ` to <@${decision.reassignedTo}>` : '';
  return `${verb}${to} by <@${decision.by}> at ${when(decision.at)}${reason}`;
}

function remediationLine(decision: Decision): string | undefined {
  if (decision.decision !== 'revoke') return undefined;
  const done = decision.remediation;
  if (!done) return `Follow-up recorded (IAM not changed): ${safeMrkdwnLine(decision.followUp ?? '')}`;
  const parts = [
    `deactivated keys: ${done.deactivatedKeys.join(', ') || 'none'}`,
    `detached policies: ${done.detachedPolicies.map(safeMrkdwnLine).join(', ') || 'none'}`,
  ];
  if (done.error) parts.push(`stopped: ${safeMrkdwnLine(done.error)}`);
  return `Remediation: ${parts.join('; ')}`;
}

/** The reviewer's message: evidence, then the buttons while pending, else the decision. */
export function buildItemMessage(campaign: Campaign, item: CampaignItem): SlackMessage {
  const text = `Access review: ${item.evidence.kind} ${item.evidence.name} (${campaign.accountId})`;
  const blocks = evidenceBlocks(campaign, item);
  const decision = item.decision;
  if (campaign.status !== 'closed' && (!decision || decision.decision === 'reassigned')) {
    const value = itemButtonValue(campaign.id, item.key);
    if (decision) blocks.push(context([decisionLine(decision)]));
    blocks.push(
      actions([
        button({ actionId: ACCESS_REVIEW_ACTION_IDS.keep, text: 'Keep', value, style: 'primary' }),
        button({ actionId: ACCESS_REVIEW_ACTION_IDS.revoke, text: 'Revoke', value, style: 'danger' }),
        button({ actionId: ACCESS_REVIEW_ACTION_IDS.notMine, text: 'Not mine', value }),
      ]),
    );
  } else if (decision && decision.decision !== 'reassigned') {
    blocks.push(section({ text: decisionLine(decision) }));
    const remediation = remediationLine(decision);
    if (remediation) blocks.push(context([remediation]));
  } else {
    blocks.push(section({ text: 'The campaign closed before a decision: *undecided*.' }));
  }
  return { text, blocks };
}

/** What an item's earlier message says once the item moved to someone else. */
export function buildMovedMessage(campaign: Campaign, item: CampaignItem, move: Decision): SlackMessage {
  return {
    text: `Access review: ${item.evidence.kind} ${item.evidence.name} moved to another reviewer`,
    blocks: [...evidenceBlocks(campaign, item), section({ text: decisionLine(move) })],
  };
}

interface OwnerTally {
  readonly owner: string;
  keep: number;
  revoke: number;
  reassigned: number;
  undecided: number;
}

function tallyByOwner(items: readonly CampaignItem[]): OwnerTally[] {
  const byOwner = new Map<string, OwnerTally>();
  for (const item of items) {
    const owner = item.owner.team ?? 'no owner';
    const tally = byOwner.get(owner) ?? { owner, keep: 0, revoke: 0, reassigned: 0, undecided: 0 };
    tally[outcomeOf(item)] += 1;
    byOwner.set(owner, tally);
  }
  return [...byOwner.values()].sort((a, b) => a.owner.localeCompare(b.owner));
}

function ownerLines(items: readonly CampaignItem[], line: (t: OwnerTally) => string): string {
  const tallies = tallyByOwner(items);
  const shown = tallies.slice(0, LIST_MAX).map((t) => `• ${safeMrkdwnLine(t.owner)}: ${line(t)}`);
  if (tallies.length > LIST_MAX) shown.push(`…and ${tallies.length - LIST_MAX} more owners`);
  return shown.join('\n');
}

/** The campaign's status message: decided and pending, by owner, and Close now while open. */
export function buildStatusMessage(campaign: Campaign, items: readonly CampaignItem[]): SlackMessage {
  const pending = items.filter(isPending).length;
  const decided = items.length - pending;
  const closed = campaign.status === 'closed';
  const headline = closed
    ? `Closed ${when(campaign.closedAt)} by ${campaign.closedBy === 'watchkeeper' ? 'the deadline' : `<@${campaign.closedBy}>`}.`
    : `Started by <@${campaign.startedBy}>; reviewers decide by ${when(campaign.deadline)}.`;
  const blocks: MessageBlock[] = [
    header(`Access review campaign ${campaign.accountId}`),
    section({ text: `${headline}\n*${decided}* decided, *${pending}* pending of ${items.length}.` }),
  ];
  if (items.length > 0)
    blocks.push(
      section({
        text: ownerLines(items, (t) => `${t.keep + t.revoke} decided, ${t.undecided + t.reassigned} pending`),
      }),
    );
  blocks.push(
    context([`Campaign ${safeMrkdwnLine(campaign.id)} · report ${safeMrkdwnLine(campaign.reportId)}`]),
  );
  if (!closed)
    blocks.push(
      actions([
        button({
          actionId: ACCESS_REVIEW_ACTION_IDS.closeCampaign,
          text: 'Close now',
          value: campaign.id,
          confirm: {
            title: 'Close the campaign?',
            text: 'Undecided principals stay undecided; the evidence is exported now.',
            confirm: 'Close now',
            deny: 'Cancel',
          },
        }),
      ]),
    );
  return {
    text: `Access review campaign ${campaign.accountId}: ${decided} decided, ${pending} pending`,
    blocks,
  };
}

/** Posted when the campaign closes, above the evidence files. */
export function buildSummaryMessage(campaign: Campaign, items: readonly CampaignItem[]): SlackMessage {
  const count = (o: ReturnType<typeof outcomeOf>) => items.filter((i) => outcomeOf(i) === o).length;
  const totals = `kept *${count('keep')}*, revoked *${count('revoke')}*, reassigned (undecided) *${count('reassigned')}*, undecided *${count('undecided')}*`;
  const blocks: MessageBlock[] = [
    header(`Access review closed: ${campaign.accountId}`),
    section({ text: `${plural(items.length, 'principal')}: ${totals}.` }),
  ];
  if (items.length > 0)
    blocks.push(
      section({
        text: ownerLines(
          items,
          (t) => `kept ${t.keep}, revoked ${t.revoke}, reassigned ${t.reassigned}, undecided ${t.undecided}`,
        ),
      }),
    );
  blocks.push(
    context([
      `Evidence: access-review-${safeMrkdwnLine(campaign.id)}.csv and .json, in the thread of the campaign status message.`,
    ]),
  );
  return { text: `Access review closed: kept ${count('keep')}, revoked ${count('revoke')}`, blocks };
}

/** One reminder per reviewer: what is still theirs to decide. */
export function buildReminderMessage(campaign: Campaign, pending: readonly CampaignItem[]): SlackMessage {
  const lines = pending
    .slice(0, LIST_MAX)
    .map((i) => `• ${i.evidence.kind} *${safeMrkdwnLine(i.evidence.name)}*`);
  if (pending.length > LIST_MAX) lines.push(`…and ${pending.length - LIST_MAX} more`);
  return {
    text: `Reminder: ${pending.length} access-review decisions pending`,
    blocks: [
      section({
        text: `:hourglass: Reminder: *${pending.length}* ${pending.length === 1 ? 'principal still needs' : 'principals still need'} your decision by ${when(campaign.deadline)}.\n${lines.join('\n')}`,
      }),
    ],
  };
}

export interface DecisionModalMetadata {
  readonly c: string;
  readonly k: string;
  readonly d: 'keep' | 'revoke';
}

/**
 * What the Revoke modal says about IAM: `offer` the "Change IAM" checkbox (remediation on, a
 * security admin deciding), `admins-only` (remediation on, anyone else: no checkbox, and why),
 * or `off` (remediation off in config).
 */
export type RemediationOffer = 'offer' | 'admins-only' | 'off';

export function buildDecisionModal(
  campaign: Campaign,
  item: CampaignItem,
  decision: 'keep' | 'revoke',
  remediation: RemediationOffer,
): ModalView {
  const metadata: DecisionModalMetadata = { c: campaign.id, k: item.key, d: decision };
  const blocks: ViewBlock[] = [
    section({ text: principalLine(item) }),
    input({
      blockId: CAMPAIGN_MODAL_FIELDS.justificationBlock,
      label: decision === 'keep' ? 'Why does it still need this access?' : 'Why revoke it?',
      hint: 'Kept with the decision in the audit log and the campaign evidence.',
      element: plainTextInput({
        actionId: CAMPAIGN_MODAL_FIELDS.justificationInput,
        multiline: true,
        maxLength: JUSTIFICATION_MAX,
      }),
    }),
  ];
  if (decision === 'revoke' && remediation === 'offer') blocks.push(remediationConfirm(item));
  if (decision === 'revoke' && remediation === 'admins-only')
    blocks.push(
      context([
        'IAM is not changed: the revoke is recorded as a follow-up for the account owners. Only a security admin can have Watchkeeper change IAM from here.',
      ]),
    );
  if (decision === 'revoke' && remediation === 'off')
    blocks.push(
      context(['IAM is not changed: the revoke is recorded as a follow-up for the account owners.']),
    );
  return {
    type: 'modal',
    callback_id: limitId(ACCESS_REVIEW_CALLBACK_IDS.decision, L.callbackId),
    title: plainText(decision === 'keep' ? 'Keep access' : 'Revoke access', L.viewTitle),
    submit: plainText(decision === 'keep' ? 'Keep' : 'Revoke', L.viewSubmit),
    close: plainText('Cancel', L.viewClose),
    private_metadata: JSON.stringify(metadata),
    blocks,
  };
}

/** The confirmation checkbox: Slack takes checkboxes in input blocks (no block_actions while ticking). */
function remediationConfirm(item: CampaignItem): ViewBlock {
  const what =
    item.evidence.kind === 'user'
      ? 'Deactivate access keys and detach managed policies'
      : 'Detach managed policies';
  return input({
    blockId: CAMPAIGN_MODAL_FIELDS.confirmBlock,
    label: 'Change IAM',
    optional: true,
    hint: 'Ticked: the next step lists exactly what will change, and nothing changes until you confirm it. Unticked: the decision is recorded and nothing in IAM changes.',
    element: checkboxes({
      actionId: CAMPAIGN_MODAL_FIELDS.confirmInput,
      options: [
        { label: truncate(what, L.optionText), value: CAMPAIGN_MODAL_FIELDS.confirmValue, mrkdwn: false },
      ],
    }),
  });
}

export interface ReassignModalMetadata {
  readonly c: string;
  readonly k: string;
}

export function buildReassignModal(campaign: Campaign, item: CampaignItem): ModalView {
  const metadata: ReassignModalMetadata = { c: campaign.id, k: item.key };
  return {
    type: 'modal',
    callback_id: limitId(ACCESS_REVIEW_CALLBACK_IDS.reassign, L.callbackId),
    title: plainText('Not mine', L.viewTitle),
    submit: plainText('Reassign', L.viewSubmit),
    close: plainText('Cancel', L.viewClose),
    private_metadata: JSON.stringify(metadata),
    blocks: [
      section({ text: principalLine(item) }),
      input({
        blockId: CAMPAIGN_MODAL_FIELDS.assigneeBlock,
        label: 'Who owns it?',
        element: usersSelect({ actionId: CAMPAIGN_MODAL_FIELDS.assigneeInput, placeholder: 'Pick a person' }),
      }),
      input({
        blockId: CAMPAIGN_MODAL_FIELDS.noteBlock,
        label: 'Note',
        optional: true,
        element: plainTextInput({
          actionId: CAMPAIGN_MODAL_FIELDS.noteInput,
          multiline: true,
          maxLength: JUSTIFICATION_MAX,
        }),
      }),
    ],
  };
}
