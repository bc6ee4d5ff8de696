import type { InputValue } from './schemas.js';

/**
 * Turns what the page read from a modal's inputs into Slack's `view.state.values`
 * ({block_id: {action_id: {type, value | selected_option | ...}}}), checking what Slack's own
 * client checks before it lets a user submit: required inputs filled, lengths, offered options.
 * Pure: no I/O.
 */

type Json = Record<string, unknown>;
export type StateValues = Record<string, Record<string, Json>>;
export type ViewStateResult =
  | { ok: true; values: StateValues }
  | { ok: false; errors: Record<string, string> }
  | { ok: false; invalid: string };

export const REQUIRED_MESSAGE = 'Please complete this required field.';

function asJson(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function optionsOf(element: Json): Json[] {
  const direct = Array.isArray(element.options) ? element.options : [];
  const grouped = Array.isArray(element.option_groups)
    ? element.option_groups.flatMap((g) => {
        const options = asJson(g)?.options;
        return Array.isArray(options) ? options : [];
      })
    : [];
  return [...direct, ...grouped].map(asJson).filter((o): o is Json => o !== undefined);
}

/** The id Slack gives a block, or the stand-in's stand-in for it (the same rule as its sender). */
export function blockIdOf(block: Json, index: number): string {
  return typeof block.block_id === 'string' ? block.block_id : `block-${index}`;
}

const SINGLE_KEY: Record<string, string> = {
  users_select: 'selected_user',
  conversations_select: 'selected_conversation',
  channels_select: 'selected_channel',
  datepicker: 'selected_date',
  timepicker: 'selected_time',
};
const MULTI_KEY: Record<string, string> = {
  multi_users_select: 'selected_users',
  multi_conversations_select: 'selected_conversations',
  multi_channels_select: 'selected_channels',
};
const TEXT_TYPES = new Set(['plain_text_input', 'email_text_input', 'url_text_input', 'number_input']);

/** One element's state entry; a string is a reason the input is not acceptable. */
function stateOf(element: Json, input: InputValue | undefined): Json | string {
  const type = String(element.type);
  const value = input?.value ?? null;
  const values = input?.values ?? [];
  const pick = (v: string): Json | string =>
    optionsOf(element).find((o) => o.value === v) ?? `${type} has no option with value "${v}"`;
  if (TEXT_TYPES.has(type)) return { type, value: value === '' ? null : value };
  if (type === 'static_select' || type === 'radio_buttons' || type === 'external_select') {
    if (value === null || value === '') return { type, selected_option: null };
    const option = pick(value);
    return typeof option === 'string' ? option : { type, selected_option: option };
  }
  if (type === 'multi_static_select' || type === 'checkboxes' || type === 'multi_external_select') {
    const picked = values.map(pick);
    const bad = picked.find((p): p is string => typeof p === 'string');
    return bad ?? { type, selected_options: picked };
  }
  const single = SINGLE_KEY[type];
  if (single) return { type, [single]: value === '' ? null : value };
  const multi = MULTI_KEY[type];
  if (multi) return { type, [multi]: values };
  return { type, ...(value !== null ? { value } : {}) };
}

function isEmpty(state: Json): boolean {
  return Object.entries(state).every(
    ([key, v]) => key === 'type' || v === null || v === undefined || (Array.isArray(v) && v.length === 0),
  );
}

function lengthProblem(element: Json, state: Json): string | undefined {
  if (element.type !== 'plain_text_input' || typeof state.value !== 'string') return undefined;
  const length = state.value.length;
  if (typeof element.min_length === 'number' && length < element.min_length)
    return `Please enter at least ${element.min_length} characters.`;
  if (typeof element.max_length === 'number' && length > element.max_length)
    return `Please enter at most ${element.max_length} characters.`;
  return undefined;
}

export function buildViewState(
  view: Json,
  submitted: Record<string, Record<string, InputValue>>,
): ViewStateResult {
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  const values: StateValues = {};
  const errors: Record<string, string> = {};
  for (const [index, raw] of blocks.entries()) {
    const block = asJson(raw);
    if (!block) continue;
    const blockId = blockIdOf(block, index);
    // Input blocks always appear in state.values; stateful elements of actions blocks when set.
    const elements: Json[] =
      block.type === 'input'
        ? [asJson(block.element) ?? {}]
        : block.type === 'actions' && Array.isArray(block.elements)
          ? block.elements.map(asJson).filter((e): e is Json => e !== undefined)
          : [];
    for (const element of elements) {
      const actionId = typeof element.action_id === 'string' ? element.action_id : 'element';
      const input = submitted[blockId]?.[actionId];
      if (block.type === 'actions' && (input === undefined || element.type === 'button')) continue;
      const state = stateOf(element, input);
      if (typeof state === 'string') return { ok: false, invalid: `${blockId}.${actionId}: ${state}` };
      if (block.type === 'input' && block.optional !== true && isEmpty(state))
        errors[blockId] = REQUIRED_MESSAGE;
      const tooLong = lengthProblem(element, state);
      if (tooLong) errors[blockId] = tooLong;
      values[blockId] = { ...values[blockId], [actionId]: state };
    }
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, values };
}
