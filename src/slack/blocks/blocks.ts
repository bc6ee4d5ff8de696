import { BLOCK_LIMITS as L } from './limits.js';
import { limitId, mrkdwnText, plainText } from './objects.js';
import type {
  ActionElement,
  ActionsBlock,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  InputBlock,
  InputElement,
  SectionBlock,
  TextObject,
} from './types.js';

/**
 * Block builders. Each takes markup or plain strings and returns a block that fits Slack's limits
 * whatever it was given: text is cut, lists are capped, and empty text gets a placeholder.
 * mrkdwn arguments are markup: escape untrusted values with `safeMrkdwn` before building them.
 */

function withBlockId<T extends { block_id?: string }>(block: T, blockId: string | undefined): T {
  return blockId === undefined ? block : { ...block, block_id: limitId(blockId, L.blockId) };
}

export function header(text: string, blockId?: string): HeaderBlock {
  return withBlockId<HeaderBlock>({ type: 'header', text: plainText(text, L.headerText) }, blockId);
}

export interface SectionInput {
  /** mrkdwn markup. */
  readonly text?: string;
  /** mrkdwn markup per field; at most 10 are kept. */
  readonly fields?: readonly string[];
  readonly accessory?: ActionElement;
  readonly blockId?: string;
  /** Per-field cap below Slack's 2000 when a compact layout is wanted. */
  readonly fieldMax?: number;
}

export function section(input: SectionInput): SectionBlock {
  const fieldMax = Math.min(input.fieldMax ?? L.sectionField, L.sectionField);
  const fields: TextObject[] = (input.fields ?? [])
    .slice(0, L.sectionFields)
    .map((f) => mrkdwnText(f, fieldMax));
  let block: SectionBlock = { type: 'section' };
  if (input.text !== undefined || fields.length === 0)
    block = { ...block, text: mrkdwnText(input.text ?? '', L.sectionText) };
  if (fields.length > 0) block = { ...block, fields };
  if (input.accessory) block = { ...block, accessory: input.accessory };
  return withBlockId(block, input.blockId);
}

/** A section of fields only: `*label*\nvalue` pairs (values are markup). */
export function fieldsSection(
  pairs: ReadonlyArray<readonly [label: string, value: string]>,
  blockId?: string,
  fieldMax?: number,
): SectionBlock {
  const input: SectionInput = { fields: pairs.map(([label, value]) => `*${label}*\n${value}`) };
  return section({
    ...input,
    ...(blockId === undefined ? {} : { blockId }),
    ...(fieldMax === undefined ? {} : { fieldMax }),
  });
}

/** A context block of mrkdwn elements; at most 10 are kept. */
export function context(
  elements: readonly string[],
  blockId?: string,
  elementMax: number = L.contextText,
): ContextBlock {
  const list = elements.length > 0 ? elements : [''];
  const block: ContextBlock = {
    type: 'context',
    elements: list.slice(0, L.contextElements).map((e) => mrkdwnText(e, Math.min(elementMax, L.contextText))),
  };
  return withBlockId(block, blockId);
}

/** An actions block; at most 25 elements, and one element per action_id (Slack needs them distinct). */
export function actions(elements: readonly ActionElement[], blockId?: string): ActionsBlock {
  const seen = new Set<string>();
  const kept = elements.filter((el) => {
    if (seen.has(el.action_id)) return false;
    seen.add(el.action_id);
    return true;
  });
  return withBlockId<ActionsBlock>({ type: 'actions', elements: kept.slice(0, L.actionsElements) }, blockId);
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

export interface InputBlockInput {
  readonly blockId: string;
  readonly label: string;
  readonly element: InputElement;
  readonly optional?: boolean;
  readonly hint?: string;
}

export function input(spec: InputBlockInput): InputBlock {
  let block: InputBlock = {
    type: 'input',
    block_id: limitId(spec.blockId, L.blockId),
    label: plainText(spec.label, L.inputLabel),
    element: spec.element,
  };
  if (spec.optional) block = { ...block, optional: true };
  if (spec.hint !== undefined)
    block = { ...block, hint: plainText(spec.hint, L.inputHint, { multiline: true }) };
  return block;
}
