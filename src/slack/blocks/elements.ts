import { BLOCK_LIMITS as L } from './limits.js';
import {
  type ConfirmInput,
  confirmDialog,
  distinctOptions,
  limitId,
  type OptionInput,
  option,
  plainText,
} from './objects.js';
import { clip } from './text.js';
import type {
  ButtonElement,
  CheckboxesElement,
  PlainTextInputElement,
  StaticSelectElement,
  UsersSelectElement,
} from './types.js';

export interface ButtonInput {
  readonly actionId: string;
  readonly text: string;
  readonly value?: string;
  readonly url?: string;
  readonly style?: 'primary' | 'danger';
  readonly confirm?: ConfirmInput;
}

export function button(input: ButtonInput): ButtonElement {
  let el: ButtonElement = {
    type: 'button',
    action_id: limitId(input.actionId),
    text: plainText(input.text, L.buttonText),
  };
  if (input.value !== undefined) el = { ...el, value: clip(input.value, L.buttonValue) };
  // A cut URL would point somewhere else: drop it instead.
  if (input.url !== undefined && input.url.length <= L.url) el = { ...el, url: input.url };
  if (input.style) el = { ...el, style: input.style };
  if (input.confirm) el = { ...el, confirm: confirmDialog(input.confirm) };
  return el;
}

export interface StaticSelectInput {
  readonly actionId: string;
  readonly placeholder: string;
  readonly options: readonly OptionInput[];
  /** The value of the option to show selected; ignored when no option has it. */
  readonly initialValue?: string;
}

export function staticSelect(input: StaticSelectInput): StaticSelectElement {
  const options = distinctOptions(
    input.options.map((o) => option({ ...o, mrkdwn: false })),
    L.selectOptions,
  );
  const safeOptions = options.length > 0 ? options : [option({ label: '—', value: '_' })];
  const el: StaticSelectElement = {
    type: 'static_select',
    action_id: limitId(input.actionId),
    placeholder: plainText(input.placeholder, L.placeholder),
    options: safeOptions,
  };
  const initial = input.initialValue === undefined ? undefined : findOption(safeOptions, input.initialValue);
  return initial ? { ...el, initial_option: initial } : el;
}

function findOption<T extends { value: string }>(options: readonly T[], value: string): T | undefined {
  const clipped = clip(value, L.optionValue);
  return options.find((o) => o.value === clipped);
}

export interface UsersSelectInput {
  readonly actionId: string;
  readonly placeholder: string;
  /** A Slack user id (`U…`/`W…`); anything else is left out rather than sent. */
  readonly initialUser?: string;
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,30}$/;

export function isSlackUserId(value: string): boolean {
  return SLACK_USER_ID.test(value);
}

export function usersSelect(input: UsersSelectInput): UsersSelectElement {
  const el: UsersSelectElement = {
    type: 'users_select',
    action_id: limitId(input.actionId),
    placeholder: plainText(input.placeholder, L.placeholder),
  };
  return input.initialUser && isSlackUserId(input.initialUser)
    ? { ...el, initial_user: input.initialUser }
    : el;
}

export interface CheckboxesInput {
  readonly actionId: string;
  /** At most 10 are kept: Slack's limit per checkboxes element. Split longer lists across blocks. */
  readonly options: readonly OptionInput[];
  readonly checkedValues?: readonly string[];
}

export function checkboxes(input: CheckboxesInput): CheckboxesElement {
  const options = distinctOptions(
    input.options.map((o) => option({ ...o, mrkdwn: o.mrkdwn ?? true })),
    L.checkboxOptions,
  );
  const safeOptions = options.length > 0 ? options : [option({ label: '—', value: '_' })];
  const el: CheckboxesElement = {
    type: 'checkboxes',
    action_id: limitId(input.actionId),
    options: safeOptions,
  };
  // initial_options must repeat options exactly, and Slack rejects an empty list.
  const checked = (input.checkedValues ?? [])
    .map((v) => findOption(safeOptions, v))
    .filter((o): o is (typeof safeOptions)[number] => o !== undefined);
  const initial = distinctOptions(checked, L.checkboxOptions);
  return initial.length > 0 ? { ...el, initial_options: initial } : el;
}

export interface PlainTextInputInput {
  readonly actionId: string;
  readonly multiline?: boolean;
  readonly maxLength?: number;
  readonly placeholder?: string;
}

export function plainTextInput(input: PlainTextInputInput): PlainTextInputElement {
  let el: PlainTextInputElement = { type: 'plain_text_input', action_id: limitId(input.actionId) };
  if (input.multiline) el = { ...el, multiline: true };
  const maxLength = Math.min(input.maxLength ?? L.plainTextInputLength, L.plainTextInputLength);
  el = { ...el, max_length: Math.max(1, Math.floor(maxLength)) };
  if (input.placeholder !== undefined)
    el = { ...el, placeholder: plainText(input.placeholder, L.placeholder) };
  return el;
}
