import { input, section } from '../../slack/blocks/blocks.js';
import { plainTextInput, staticSelect } from '../../slack/blocks/elements.js';
import { BLOCK_LIMITS as L } from '../../slack/blocks/limits.js';
import { limitId, plainText } from '../../slack/blocks/objects.js';
import { clip } from '../../slack/blocks/text.js';
import type { ModalView } from '../../slack/blocks/types.js';
import type { Incident } from '../incident.js';
import { SEVERITY_EMOJI, value } from './format.js';
import {
  MODAL_CALLBACK_IDS,
  MUTE_EXPIRY_CHOICES,
  MUTE_MODAL_IDS,
  RESOLVE_MODAL_IDS,
  ROOT_CAUSE_CATEGORIES,
} from './ids.js';

/**
 * Modals opened from the card. `private_metadata` carries the incident id (the view submission
 * handler reads it back); input block and action ids come from ids.ts.
 */

function incidentSummary(incident: Incident): string {
  return `${SEVERITY_EMOJI[incident.severityLabel]} *${value(incident.title, 200)}*\n${value(incident.id, 60)} · ${value(incident.resource.type, 60)} ${value(incident.resource.id, 120)} · ${value(incident.accountId, 40)} ${value(incident.region, 40)}`;
}

export function buildResolveModal(incident: Incident): ModalView {
  return {
    type: 'modal',
    callback_id: limitId(MODAL_CALLBACK_IDS.resolve, L.callbackId),
    title: plainText('Resolve incident', L.viewTitle),
    submit: plainText('Resolve', L.viewSubmit),
    close: plainText('Cancel', L.viewClose),
    private_metadata: clip(incident.id, L.privateMetadata),
    blocks: [
      section({ text: incidentSummary(incident) }),
      input({
        blockId: RESOLVE_MODAL_IDS.resolutionBlock,
        label: 'Resolution',
        hint: 'What was done, in a sentence or two. It is shown on the card and in the timeline.',
        element: plainTextInput({
          actionId: RESOLVE_MODAL_IDS.resolutionInput,
          multiline: true,
          maxLength: 500,
        }),
      }),
      input({
        blockId: RESOLVE_MODAL_IDS.rootCauseBlock,
        label: 'Root cause',
        element: staticSelect({
          actionId: RESOLVE_MODAL_IDS.rootCauseInput,
          placeholder: 'Pick a category',
          options: ROOT_CAUSE_CATEGORIES.map((c) => ({ label: c.label, value: c.value })),
        }),
      }),
      input({
        blockId: RESOLVE_MODAL_IDS.notesBlock,
        label: 'Notes',
        optional: true,
        element: plainTextInput({ actionId: RESOLVE_MODAL_IDS.notesInput, multiline: true, maxLength: 3000 }),
      }),
    ],
  };
}

export function buildMuteModal(incident: Incident): ModalView {
  const what =
    `Alerts of type *${value(incident.type, 150)}* on ${value(incident.resource.type, 60)} *${value(incident.resource.id, 150)}* ` +
    `in account ${value(incident.accountId, 40)} will not open incidents until the mute expires. ` +
    'They are still recorded. Muting needs the security-admin role.';
  return {
    type: 'modal',
    callback_id: limitId(MODAL_CALLBACK_IDS.mute, L.callbackId),
    title: plainText('Mute similar alerts', L.viewTitle),
    submit: plainText('Mute', L.viewSubmit),
    close: plainText('Cancel', L.viewClose),
    private_metadata: clip(incident.id, L.privateMetadata),
    blocks: [
      section({ text: incidentSummary(incident) }),
      section({ text: what }),
      input({
        blockId: MUTE_MODAL_IDS.expiryBlock,
        label: 'Mute for',
        element: staticSelect({
          actionId: MUTE_MODAL_IDS.expiryInput,
          placeholder: 'Pick a duration',
          options: MUTE_EXPIRY_CHOICES.map((c) => ({ label: c.label, value: c.value })),
          initialValue: '24h',
        }),
      }),
    ],
  };
}
