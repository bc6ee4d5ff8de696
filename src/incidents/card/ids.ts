/**
 * Every action_id, block_id and callback_id of incident cards and their modals. The Bolt action
 * and view registries bind handlers to these constants only; never spell the strings elsewhere.
 *
 * Where an interaction does not carry a `value` (users_select), the incident id travels in the
 * actions block's block_id; buttons carry it as their value; options carry `<choice>|<incident id>`
 * with the choice first, so two options stay distinct even if Slack's 75-char cap cut the id.
 */

export const INCIDENT_ACTION_IDS = {
  acknowledge: 'wk_incident_acknowledge',
  /** users_select: the picked user becomes the assignee. */
  assign: 'wk_incident_assign',
  escalate: 'wk_incident_escalate',
  /** static_select with {@link SNOOZE_CHOICES}. */
  snooze: 'wk_incident_snooze',
  /** Opens the resolve modal. */
  resolve: 'wk_incident_resolve',
  /** Opens the mute modal; the handler checks the security-admin role. */
  muteSimilar: 'wk_incident_mute_similar',
  /** Opens the runbook modal (the checklist). */
  runbook: 'wk_incident_runbook',
  /** checkboxes of runbook steps in the runbook modal (one element per block of up to 10 steps). */
  runbookSteps: 'wk_incident_runbook_steps',
} as const;

export const INCIDENT_BLOCK_IDS = {
  header: 'wk_incident_header',
  /** Account, region, resource, owner (and the sample label, once). */
  context: 'wk_incident_context',
  /** Up to six key facts, as section fields. */
  facts: 'wk_incident_facts',
  /** Shown instead of facts when an alert has none. */
  description: 'wk_incident_description',
  status: 'wk_incident_status',
  /** The resolved card's who, when and why. */
  resolution: 'wk_incident_resolution',
  links: 'wk_incident_links',
  /** Prefix of the actions block id; the incident id follows the separator. */
  actions: 'wk_incident_actions',
  /** Prefix of each runbook-steps block id; the chunk number follows the separator. */
  runbookSteps: 'wk_incident_runbook_steps',
} as const;

export const MODAL_CALLBACK_IDS = {
  resolve: 'wk_resolve_modal',
  mute: 'wk_mute_modal',
  /** The runbook checklist; nothing to submit, ticks are block_actions. */
  runbook: 'wk_runbook_modal',
} as const;

/** Input block ids of the resolve modal, and the action ids of their elements. */
export const RESOLVE_MODAL_IDS = {
  resolutionBlock: 'wk_resolve_resolution',
  resolutionInput: 'wk_resolve_resolution_input',
  rootCauseBlock: 'wk_resolve_root_cause',
  rootCauseInput: 'wk_resolve_root_cause_input',
  notesBlock: 'wk_resolve_notes',
  notesInput: 'wk_resolve_notes_input',
} as const;

export const MUTE_MODAL_IDS = {
  expiryBlock: 'wk_mute_expiry',
  expiryInput: 'wk_mute_expiry_input',
} as const;

export const SNOOZE_CHOICES = [
  { value: '30m', label: '30 minutes', minutes: 30 },
  { value: '1h', label: '1 hour', minutes: 60 },
  { value: '4h', label: '4 hours', minutes: 240 },
  { value: '24h', label: '24 hours', minutes: 1440 },
] as const;
export type SnoozeChoice = (typeof SNOOZE_CHOICES)[number]['value'];

export const ROOT_CAUSE_CATEGORIES = [
  { value: 'credential-compromise', label: 'Credential compromise' },
  { value: 'misconfiguration', label: 'Misconfiguration' },
  { value: 'malware', label: 'Malware' },
  { value: 'false-positive', label: 'False positive' },
  { value: 'expected-activity', label: 'Expected activity' },
  { value: 'other', label: 'Other' },
] as const;
export type RootCauseCategory = (typeof ROOT_CAUSE_CATEGORIES)[number]['value'];

export const MUTE_EXPIRY_CHOICES = [
  { value: '1h', label: '1 hour', minutes: 60 },
  { value: '24h', label: '24 hours', minutes: 1440 },
  { value: '7d', label: '7 days', minutes: 10_080 },
  { value: '30d', label: '30 days', minutes: 43_200 },
] as const;
export type MuteExpiryChoice = (typeof MUTE_EXPIRY_CHOICES)[number]['value'];

const SEPARATOR = '|';

/** `<choice>|<incident id>`: option values of the snooze select and the runbook checkboxes. */
export function encodeChoiceValue(choice: string, incidentId: string): string {
  return `${choice}${SEPARATOR}${incidentId}`;
}

export function decodeChoiceValue(value: string): { choice: string; incidentId: string } | undefined {
  const at = value.indexOf(SEPARATOR);
  if (at <= 0 || at === value.length - 1) return undefined;
  return { choice: value.slice(0, at), incidentId: value.slice(at + 1) };
}

/** `wk_incident_actions|<incident id>`: lets a users_select pick find its incident. */
export function actionsBlockId(incidentId: string): string {
  return `${INCIDENT_BLOCK_IDS.actions}${SEPARATOR}${incidentId}`;
}

export function incidentIdFromActionsBlockId(blockId: string): string | undefined {
  const prefix = `${INCIDENT_BLOCK_IDS.actions}${SEPARATOR}`;
  return blockId.startsWith(prefix) && blockId.length > prefix.length
    ? blockId.slice(prefix.length)
    : undefined;
}

/** `wk_incident_runbook_steps|<chunk>`: one per checkboxes block of up to 10 steps. */
export function runbookStepsBlockId(chunk: number): string {
  return `${INCIDENT_BLOCK_IDS.runbookSteps}${SEPARATOR}${chunk}`;
}
