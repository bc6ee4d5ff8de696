import type { IamRevokePlan } from '../../../aws/iam/remediation.js';
import {
  clip,
  context,
  BLOCK_LIMITS as L,
  limitId,
  type ModalView,
  mrkdwnCode,
  plainText,
  safeMrkdwnLine,
  section,
  type ViewBlock,
} from '../../../slack/blocks/index.js';
import { plural } from '../../../slack/blocks/text.js';
import { ACCESS_REVIEW_CALLBACK_IDS } from '../ids.js';
import { when } from './blocks.js';
import type { Campaign, CampaignItem } from './model.js';

/**
 * The modals between "Revoke" with "Change IAM" ticked and any change in IAM: reading the list,
 * the list itself (what will change, in which account, and what will not), and the answers when
 * the list cannot be read or confirmed. The list is the plan the apply step executes.
 */

export interface RevokeConfirmMetadata {
  /** The pending revoke's id (pending-revoke.ts). */
  readonly p: string;
}

/** Lines listed per kind before "…and N more": a modal stays readable, and under Slack's limits. */
export const REVOKE_LIST_MAX = 20;
/** An ARN longer than this is cut in the list (IAM allows 2,048); the apply step uses the whole. */
const ARN_SHOWN_MAX = 200;
/** Room left in a section's 3,000 for its title line and the "…and N more" line. */
const LIST_TEXT_BUDGET = L.sectionText - 300;

const TITLE = 'Confirm the revoke';
export const REVOKE_CONFIRM_SUBMIT = 'Revoke and change IAM';

function principalOf(item: CampaignItem): string {
  const e = item.evidence;
  return `IAM ${e.kind} *${safeMrkdwnLine(e.name)}* ${mrkdwnCode(clip(e.arn, ARN_SHOWN_MAX))}`;
}

/**
 * A titled list as one section: lines while they fit (at most REVOKE_LIST_MAX), then how many
 * more, so any number of policies gives a valid modal that still counts them all.
 */
function listSection(
  title: string,
  values: readonly string[],
  noun: { readonly one: string; readonly many: string },
): ViewBlock {
  const lines: string[] = [];
  let length = title.length;
  for (const value of values) {
    const line = `• ${mrkdwnCode(clip(value, ARN_SHOWN_MAX))}`;
    if (lines.length >= REVOKE_LIST_MAX || length + line.length + 1 > LIST_TEXT_BUDGET) break;
    lines.push(line);
    length += line.length + 1;
  }
  const more = values.length - lines.length;
  if (more > 0) lines.push(`…and ${plural(more, `more ${noun.one}`, `more ${noun.many}`)}`);
  return section({ text: [title, ...lines].join('\n') });
}

/** What will change, what will not, and that nothing does until the decider confirms. */
export function buildRevokeConfirmModal(
  campaign: Campaign,
  item: CampaignItem,
  plan: IamRevokePlan,
  pending: { readonly id: string; readonly justification: string; readonly readAt: string },
): ModalView {
  const metadata: RevokeConfirmMetadata = { p: pending.id };
  const account = mrkdwnCode(plan.accountId || campaign.accountId);
  const blocks: ViewBlock[] = [
    section({ text: `*Revoke* ${principalOf(item)}\nin AWS account ${account}.` }),
  ];
  const keys = plan.accessKeys.map((k) => k.masked);
  const nothing = keys.length === 0 && plan.managedPolicies.length === 0;
  if (nothing) {
    blocks.push(
      section({
        text: `*Nothing in IAM will change*: it has no active access keys and no managed policies attached directly. *${REVOKE_CONFIRM_SUBMIT}* records the revoke.`,
      }),
    );
  } else {
    blocks.push(section({ text: '*These changes will be made in IAM:*' }));
    if (keys.length > 0)
      blocks.push(
        listSection(
          `*Deactivate ${plural(keys.length, 'access key')}* (set Inactive; each can be made Active again)`,
          keys,
          { one: 'access key', many: 'access keys' },
        ),
      );
    if (plan.managedPolicies.length > 0)
      blocks.push(
        listSection(
          `*Detach ${plural(plan.managedPolicies.length, 'managed policy', 'managed policies')}* (each stays in the account and can be attached again)`,
          plan.managedPolicies,
          { one: 'managed policy', many: 'managed policies' },
        ),
      );
  }
  const kind = item.evidence.kind;
  const untouched =
    kind === 'user'
      ? 'inline policies, group memberships, the console password, and the user itself'
      : 'inline policies, the trust policy, and the role itself';
  blocks.push(
    context([
      `*Not changed:* ${untouched}. Anything attached or created after this list was read (${when(pending.readAt)}) is left alone.`,
    ]),
    context([`*Why:* ${safeMrkdwnLine(pending.justification)}`]),
    context([`Nothing changes until you press *${REVOKE_CONFIRM_SUBMIT}*. Cancel records nothing.`]),
  );
  return {
    type: 'modal',
    callback_id: limitId(ACCESS_REVIEW_CALLBACK_IDS.revokeConfirm, L.callbackId),
    title: plainText(TITLE, L.viewTitle),
    submit: plainText(REVOKE_CONFIRM_SUBMIT, L.viewSubmit),
    close: plainText('Cancel', L.viewClose),
    private_metadata: JSON.stringify(metadata),
    blocks,
  };
}

/** Shown while the list is read from IAM (the submission must be answered within 3 seconds). */
export function buildRevokeReadingModal(item: CampaignItem): ModalView {
  return notice(item, 'Reading from IAM what the revoke would change… Nothing has changed.');
}

/** The list could not be read or confirmed: nothing changed, and why (plain text, escaped here). */
export function buildRevokeStoppedModal(item: CampaignItem | undefined, message: string): ModalView {
  return notice(item, `*Nothing was changed or recorded.* ${safeMrkdwnLine(message)}`);
}

function notice(item: CampaignItem | undefined, text: string): ModalView {
  return {
    type: 'modal',
    callback_id: limitId(ACCESS_REVIEW_CALLBACK_IDS.revokeConfirm, L.callbackId),
    title: plainText(TITLE, L.viewTitle),
    close: plainText('Close', L.viewClose),
    blocks: [...(item ? [section({ text: `*Revoke* ${principalOf(item)}` })] : []), section({ text })],
  };
}
