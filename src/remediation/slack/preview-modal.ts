import { context, input, section } from '../../slack/blocks/blocks.js';
import { plainTextInput } from '../../slack/blocks/elements.js';
import { BLOCK_LIMITS as L } from '../../slack/blocks/limits.js';
import { limitId, plainText } from '../../slack/blocks/objects.js';
import { clip, safeMrkdwn, safeMrkdwnLine } from '../../slack/blocks/text.js';
import type { ModalView } from '../../slack/blocks/types.js';
import { REMEDIATION_ACTIONS } from '../actions/catalog.js';
import { blockedReason } from '../preview.js';
import type { PreviewRecord } from '../request.js';
import { callsText } from './calls-text.js';
import { PREVIEW_MODAL_IDS, REMEDIATION_CALLBACK_IDS } from './ids.js';
import { REASON_MAX } from './inputs.js';

/**
 * The preview modal: account, region, resource, the exact AWS calls, the consequences in one
 * sentence, what undo does (or that there is none), the permission check, whether a second
 * person must approve, and a required reason. It has no submit button when it cannot be
 * confirmed (a missing permission, nothing to do): nothing runs without the confirmation.
 */

const base = (title: string): Omit<ModalView, 'blocks'> => ({
  type: 'modal',
  callback_id: limitId(REMEDIATION_CALLBACK_IDS.preview, L.callbackId),
  title: plainText(title, L.viewTitle),
  close: plainText('Cancel', L.viewClose),
});

/** Shown at once (trigger ids expire in 3 s) while the account is read. */
export function buildLoadingModal(actionTitle: string): ModalView {
  return {
    ...base('Contain'),
    blocks: [section({ text: `*${safeMrkdwnLine(actionTitle)}*\nReading the current state from AWS…` })],
  };
}

/** The preview could not be built: the AWS error in plain words, no submit. */
export function buildPreviewErrorModal(actionTitle: string, message: string): ModalView {
  return {
    ...base('Contain'),
    close: plainText('Close', L.viewClose),
    blocks: [section({ text: `*${safeMrkdwnLine(actionTitle)}*\n:warning: ${safeMrkdwn(message)}` })],
  };
}

export function buildPreviewModal(preview: PreviewRecord, secondApprover: boolean): ModalView {
  const action = REMEDIATION_ACTIONS[preview.actionId];
  const blocked = blockedReason(preview);
  // What a person must read before confirming comes first (what happens, no undo, permissions,
  // the calls, who else must approve, the reason); the undo calls, long and only needed later,
  // go last, so the first screen at 1,280 px is enough to act on.
  const noUndo = preview.cannotUndo ? `:no_entry: *No undo.* ${safeMrkdwn(preview.cannotUndo)}` : undefined;
  const undoCalls = preview.cannotUndo
    ? undefined
    : `*Undo* (a button in the thread afterwards):\n${callsText(preview.undoCalls ?? [], 1200)}`;
  const permissions = preview.permissions.checked
    ? preview.permissions.denied.length === 0
      ? ':white_check_mark: The role Watchkeeper assumes may make every call above (IAM policy simulation).'
      : `:x: *Missing permission:* ${preview.permissions.denied.map(safeMrkdwnLine).join(', ')}`
    : `:grey_question: Permissions not checked: ${safeMrkdwn(preview.permissions.reason)}. A missing one shows as an AWS error in the thread.`;
  const blocks = [
    section({ text: `*${safeMrkdwnLine(action.title)}* · ${safeMrkdwnLine(preview.incidentId)}` }),
    section({
      fields: [
        `*Account*\n${safeMrkdwnLine(preview.accountId)}`,
        `*Region*\n${safeMrkdwnLine(preview.region)}`,
        `*Resource*\n${safeMrkdwnLine(preview.resourceLabel)}`,
      ],
    }),
    section({ text: `*What happens:* ${safeMrkdwn(preview.consequence)}` }),
    ...(noUndo ? [section({ text: noUndo })] : []),
    section({ text: `*AWS calls, in order:*\n${callsText(preview.calls)}` }),
    context([permissions]),
    ...(blocked
      ? [section({ text: `:warning: ${safeMrkdwn(blocked)}` })]
      : [
          context([
            secondApprover
              ? ':busts_in_silhouette: A second person must approve in the incident thread before this runs.'
              : ':bust_in_silhouette: This runs as soon as you confirm.',
          ]),
          input({
            blockId: PREVIEW_MODAL_IDS.reasonBlock,
            label: 'Reason',
            hint: 'Why contain now. It goes to the thread and the audit log.',
            element: plainTextInput({
              actionId: PREVIEW_MODAL_IDS.reasonInput,
              multiline: true,
              maxLength: REASON_MAX,
            }),
          }),
        ]),
    ...(undoCalls ? [section({ text: undoCalls })] : []),
  ];
  return {
    ...base('Contain'),
    ...(blocked
      ? { close: plainText('Close', L.viewClose) }
      : { submit: plainText('Contain', L.viewSubmit) }),
    private_metadata: clip(preview.previewId, L.privateMetadata),
    blocks,
  };
}
