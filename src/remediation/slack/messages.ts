import { cardUser } from '../../incidents/card/format.js';
import { maskSecretsInText } from '../../platform/log/mask.js';
import { actions, context, section } from '../../slack/blocks/blocks.js';
import { button } from '../../slack/blocks/elements.js';
import { safeMrkdwn, safeMrkdwnLine, truncate } from '../../slack/blocks/text.js';
import type { SlackMessage } from '../../slack/blocks/types.js';
import { REMEDIATION_ACTIONS } from '../actions/catalog.js';
import type { RequestRecord } from '../request.js';
import { callsText } from './calls-text.js';
import { REMEDIATION_ACTION_IDS_SLACK } from './ids.js';

/**
 * The thread messages of a containment: the request (with Approve / Reject when a second person
 * must approve), its decision, the result (with Undo where AWS allows it) and the undo's result.
 * Names are plain (never mentions) except the requester on a request that waits for approval.
 */

const titleOf = (r: RequestRecord) => REMEDIATION_ACTIONS[r.actionId].title;
const utc = (iso: string | undefined) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '?');
const what = (r: RequestRecord) =>
  `*${safeMrkdwnLine(titleOf(r))}*: ${safeMrkdwnLine(r.resourceLabel)} (${safeMrkdwnLine(r.accountId)} ${safeMrkdwnLine(r.region)})`;
/** The notification text: the line without emoji codes and bold marks, key ids masked. */
const plain = (markup: string) => maskSecretsInText(markup.replace(/:[a-z_]+:\s*/g, '').replace(/\*/g, ''));
const reason = (r: RequestRecord) => `*Reason:* ${safeMrkdwn(truncate(r.reason, 500))}`;

/** The request; while it waits for a second person it carries Approve and Reject. */
export function requestMessage(r: RequestRecord, requesterName: string): SlackMessage {
  const waiting = r.status === 'pending-approval';
  const head = `:shield: ${cardUser(r.requestedBy)} asks to ${what(r)}`;
  const status = statusLine(r);
  return {
    text: plain(`${requesterName} asks to ${titleOf(r)}: ${r.resourceLabel}. ${status}`),
    blocks: [
      section({ text: head }),
      section({ text: reason(r) }),
      section({
        text: `*AWS calls:*\n${callsText(r.calls, 1500)}\n*What happens:* ${safeMrkdwn(r.consequence)}`,
      }),
      context([status]),
      ...(waiting
        ? [
            actions([
              button({
                actionId: REMEDIATION_ACTION_IDS_SLACK.approve,
                text: 'Approve',
                style: 'primary',
                value: r.requestId,
              }),
              button({
                actionId: REMEDIATION_ACTION_IDS_SLACK.reject,
                text: 'Reject',
                style: 'danger',
                value: r.requestId,
              }),
            ]),
          ]
        : []),
    ],
  };
}

function statusLine(r: RequestRecord): string {
  switch (r.status) {
    case 'pending-approval':
      return `Waiting for a second person (not the requester) to approve, until ${utc(r.expiresAt)}.`;
    case 'rejected':
      return `:no_entry_sign: Rejected by ${cardUser(r.rejectedBy)} at ${utc(r.decidedAt)}. Nothing was changed.`;
    case 'expired':
      return `:hourglass: Expired at ${utc(r.expiresAt)} without approval. Nothing was changed.`;
    default:
      return r.secondApprover
        ? `:white_check_mark: Approved by ${cardUser(r.approvedBy)} at ${utc(r.decidedAt)}.`
        : ':white_check_mark: Confirmed; no second approver is required for this action.';
  }
}

/** The outcome: the verify read-back, or the AWS error in plain words; Undo where possible. */
export function resultMessage(r: RequestRecord): SlackMessage {
  const applied = r.status !== 'failed' && r.result?.verification !== undefined;
  const ok = applied && r.result?.verification?.ok === true;
  const line = ok
    ? `:white_check_mark: Contained: ${what(r)}. Verified: ${safeMrkdwn(r.result?.verification?.observed ?? '')}.`
    : r.result?.error
      ? `:x: Could not ${safeMrkdwnLine(titleOf(r).toLowerCase())} on ${safeMrkdwnLine(r.resourceLabel)}: ${safeMrkdwn(r.result.error)}`
      : `:warning: Applied, but the read-back did not show it: ${safeMrkdwn(r.result?.verification?.observed ?? 'unknown')}.`;
  const undoable = (r.status === 'succeeded' || r.status === 'undo-failed') && r.undoCalls !== null;
  const undoDone = r.status === 'undone' || r.status === 'undoing' || r.status === 'undo-failed';
  return {
    text: plain(line),
    blocks: [
      section({ text: line }),
      ...(undoable
        ? [
            actions([
              button({
                actionId: REMEDIATION_ACTION_IDS_SLACK.undo,
                text: 'Undo',
                value: r.requestId,
                confirm: {
                  title: 'Undo the containment?',
                  text: `This makes the undo calls shown in the preview for ${r.resourceLabel}.`,
                  confirm: 'Undo',
                  deny: 'Keep it',
                },
              }),
            ]),
          ]
        : []),
      ...(undoDone ? [context([`Undo requested by ${cardUser(r.undoneBy)}.`])] : []),
      ...(r.status === 'succeeded' && r.cannotUndo
        ? [context([`No undo: ${safeMrkdwn(r.cannotUndo)}`])]
        : []),
    ],
  };
}

export function undoMessage(r: RequestRecord): SlackMessage {
  const ok = r.status === 'undone' && r.undoResult?.verification?.ok === true;
  const line = ok
    ? `:leftwards_arrow_with_hook: Undone by ${cardUser(r.undoneBy)}: ${what(r)}. Verified: ${safeMrkdwn(r.undoResult?.verification?.observed ?? '')}.`
    : `:x: Undo of ${what(r)} ${r.undoResult?.error ? `failed: ${safeMrkdwn(r.undoResult.error)}` : `did not verify: ${safeMrkdwn(r.undoResult?.verification?.observed ?? 'unknown')}`}`;
  return { text: plain(line), blocks: [section({ text: line })] };
}
