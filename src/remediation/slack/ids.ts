/**
 * Every action_id, block_id and callback_id of containment. Listeners bind to these constants
 * only. The Contain… option values are `<action id>|<incident id>`; buttons carry the request id
 * (which has no `|` and no `:`); the preview modal's private_metadata is the preview id.
 */
export const REMEDIATION_ACTION_IDS_SLACK = {
  /** static_select on the card: one option per action that fits. */
  contain: 'wk_remediation_contain',
  approve: 'wk_remediation_approve',
  reject: 'wk_remediation_reject',
  undo: 'wk_remediation_undo',
} as const;

export const REMEDIATION_CALLBACK_IDS = {
  preview: 'wk_remediation_preview',
} as const;

export const PREVIEW_MODAL_IDS = {
  reasonBlock: 'wk_remediation_reason',
  reasonInput: 'wk_remediation_reason_input',
} as const;

const SEPARATOR = '|';

export function encodeContainValue(actionId: string, incidentId: string): string {
  return `${actionId}${SEPARATOR}${incidentId}`;
}

export function decodeContainValue(value: string): { actionId: string; incidentId: string } | undefined {
  const at = value.indexOf(SEPARATOR);
  if (at <= 0 || at === value.length - 1) return undefined;
  return { actionId: value.slice(0, at), incidentId: value.slice(at + 1) };
}
