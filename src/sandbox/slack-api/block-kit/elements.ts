import type { Checker, Json } from './checker.js';
import { checkConfirm, checkDispatchConfig, checkOptionGroups, checkOptions } from './composition.js';
import { LIMITS } from './limits.js';

type ElementCheck = (c: Checker, el: Json, pointer: string) => void;

interface ElementSpec {
  readonly keys: readonly string[];
  readonly check: ElementCheck;
}

const BASE = ['type', 'action_id'];
const FOCUSABLE = [...BASE, 'focus_on_load', 'placeholder'];
const TEXT_INPUT = [...FOCUSABLE, 'initial_value', 'dispatch_action_config'];

function placeholder(c: Checker, el: Json, pointer: string): void {
  c.text(el, 'placeholder', pointer, { max: LIMITS.placeholder, plainOnly: true });
}

function checkButton(c: Checker, el: Json, pointer: string): void {
  c.text(el, 'text', pointer, { required: true, max: LIMITS.buttonText, plainOnly: true });
  c.string(el, 'value', pointer, { max: LIMITS.buttonValue });
  c.url(el, 'url', pointer);
  c.string(el, 'style', pointer, { oneOf: ['primary', 'danger'] });
  c.string(el, 'accessibility_label', pointer, { max: LIMITS.accessibilityLabel });
  checkConfirm(c, el, pointer);
}

function checkSelect(c: Checker, el: Json, pointer: string): void {
  placeholder(c, el, pointer);
  checkConfirm(c, el, pointer);
  c.integer(el, 'max_selected_items', pointer, { min: 1 });
}

function checkStaticSelect(c: Checker, el: Json, pointer: string): void {
  checkSelect(c, el, pointer);
  const hasOptions = el.options !== undefined;
  const hasGroups = el.option_groups !== undefined;
  if (hasOptions === hasGroups) {
    c.fail(
      pointer,
      hasOptions
        ? 'must provide options or option_groups, not both'
        : 'must provide options or option_groups',
    );
  }
  checkOptions(c, el, 'options', pointer, { max: LIMITS.selectOptions });
  checkOptionGroups(c, el, pointer);
  if (el.initial_option !== undefined)
    checkOptions(c, { o: [el.initial_option] }, 'o', `${pointer}/initial_option`, { max: 1 });
}

function checkChoices(max: number): ElementCheck {
  return (c, el, pointer) => {
    checkOptions(c, el, 'options', pointer, { required: true, max }, { allowMrkdwn: true });
    checkOptions(c, el, 'initial_options', pointer, { max }, { allowMrkdwn: true });
    checkConfirm(c, el, pointer);
  };
}

function checkImageElement(c: Checker, el: Json, pointer: string): void {
  if ((el.image_url === undefined) === (el.slack_file === undefined)) {
    c.fail(pointer, 'must provide either image_url or slack_file');
  }
  c.url(el, 'image_url', pointer);
  if (el.slack_file !== undefined) c.object(el.slack_file, `${pointer}/slack_file`);
  c.string(el, 'alt_text', pointer, { required: true, min: 1, max: LIMITS.imageAltText });
}

function checkPlainTextInput(c: Checker, el: Json, pointer: string): void {
  placeholder(c, el, pointer);
  c.string(el, 'initial_value', pointer);
  c.boolean(el, 'multiline', pointer);
  c.integer(el, 'min_length', pointer, { min: 0, max: LIMITS.plainTextInputLength });
  c.integer(el, 'max_length', pointer, { min: 1, max: LIMITS.plainTextInputLength });
  checkDispatchConfig(c, el, pointer);
}

function checkSimpleInput(c: Checker, el: Json, pointer: string): void {
  placeholder(c, el, pointer);
  c.string(el, 'initial_value', pointer);
  checkDispatchConfig(c, el, pointer);
}

function checkPicker(field: string, pattern: RegExp, format: string): ElementCheck {
  return (c, el, pointer) => {
    placeholder(c, el, pointer);
    checkConfirm(c, el, pointer);
    const value = c.string(el, field, pointer);
    if (value !== undefined && !pattern.test(value))
      c.fail(`${pointer}/${field}`, `must be formatted as ${format}`);
  };
}

const selectSpec = (extra: readonly string[]): ElementSpec => ({
  keys: [...FOCUSABLE, 'confirm', ...extra],
  check: checkSelect,
});

export const ELEMENT_SPECS: Readonly<Record<string, ElementSpec>> = {
  button: {
    keys: [...BASE, 'text', 'url', 'value', 'style', 'confirm', 'accessibility_label'],
    check: checkButton,
  },
  workflow_button: {
    keys: [...BASE, 'text', 'workflow', 'style', 'accessibility_label'],
    check: (c, el, p) => c.text(el, 'text', p, { required: true, max: LIMITS.buttonText, plainOnly: true }),
  },
  overflow: {
    keys: [...BASE, 'options', 'confirm'],
    check: (c, el, p) => {
      const limits = { required: true, min: LIMITS.overflowOptionsMin, max: LIMITS.overflowOptionsMax };
      checkOptions(c, el, 'options', p, limits, { allowUrl: true });
      checkConfirm(c, el, p);
    },
  },
  checkboxes: {
    keys: [...BASE, 'options', 'initial_options', 'confirm', 'focus_on_load'],
    check: checkChoices(LIMITS.checkboxOptions),
  },
  radio_buttons: {
    keys: [...BASE, 'options', 'initial_option', 'confirm', 'focus_on_load'],
    check: checkChoices(LIMITS.radioOptions),
  },
  static_select: {
    keys: [...FOCUSABLE, 'options', 'option_groups', 'initial_option', 'confirm'],
    check: checkStaticSelect,
  },
  multi_static_select: {
    keys: [...FOCUSABLE, 'options', 'option_groups', 'initial_options', 'confirm', 'max_selected_items'],
    check: checkStaticSelect,
  },
  external_select: selectSpec(['initial_option', 'min_query_length']),
  multi_external_select: selectSpec(['initial_options', 'min_query_length', 'max_selected_items']),
  users_select: selectSpec(['initial_user']),
  multi_users_select: selectSpec(['initial_users', 'max_selected_items']),
  conversations_select: selectSpec([
    'initial_conversation',
    'default_to_current_conversation',
    'response_url_enabled',
    'filter',
  ]),
  multi_conversations_select: selectSpec([
    'initial_conversations',
    'default_to_current_conversation',
    'filter',
    'max_selected_items',
  ]),
  channels_select: selectSpec(['initial_channel', 'response_url_enabled']),
  multi_channels_select: selectSpec(['initial_channels', 'max_selected_items']),
  datepicker: {
    keys: [...FOCUSABLE, 'initial_date', 'confirm'],
    check: checkPicker('initial_date', /^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
  },
  timepicker: {
    keys: [...FOCUSABLE, 'initial_time', 'confirm', 'timezone'],
    check: checkPicker('initial_time', /^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm'),
  },
  datetimepicker: {
    keys: [...BASE, 'initial_date_time', 'confirm', 'focus_on_load'],
    check: (c, el, p) => {
      c.integer(el, 'initial_date_time', p, { min: 0 });
      checkConfirm(c, el, p);
    },
  },
  plain_text_input: {
    keys: [...TEXT_INPUT, 'multiline', 'min_length', 'max_length'],
    check: checkPlainTextInput,
  },
  email_text_input: { keys: TEXT_INPUT, check: checkSimpleInput },
  url_text_input: { keys: TEXT_INPUT, check: checkSimpleInput },
  rich_text_input: { keys: TEXT_INPUT, check: (c, el, p) => placeholder(c, el, p) },
  number_input: {
    keys: [...TEXT_INPUT, 'is_decimal_allowed', 'min_value', 'max_value'],
    check: (c, el, p) => {
      if (el.is_decimal_allowed === undefined) c.fail(p, 'missing required field: is_decimal_allowed');
      c.boolean(el, 'is_decimal_allowed', p);
      checkSimpleInput(c, el, p);
    },
  },
  file_input: {
    keys: [...BASE, 'filetypes', 'max_files'],
    check: (c, el, p) => c.integer(el, 'max_files', p, { min: 1, max: 10 }),
  },
  image: { keys: ['type', 'image_url', 'slack_file', 'alt_text'], check: checkImageElement },
};

const SELECTS = Object.keys(ELEMENT_SPECS).filter((t) => t.endsWith('_select'));

/** Which element types each container accepts (docs.slack.dev/reference/block-kit/blocks). */
export const ALLOWED_IN = {
  section: [
    'button',
    'workflow_button',
    'checkboxes',
    'radio_buttons',
    'datepicker',
    'timepicker',
    'image',
    'overflow',
    ...SELECTS,
  ],
  actions: [
    'button',
    'workflow_button',
    'checkboxes',
    'radio_buttons',
    'datepicker',
    'timepicker',
    'datetimepicker',
    'overflow',
    ...SELECTS,
  ],
  input: [
    'checkboxes',
    'radio_buttons',
    'datepicker',
    'timepicker',
    'datetimepicker',
    'plain_text_input',
    'email_text_input',
    'url_text_input',
    'number_input',
    'rich_text_input',
    'file_input',
    ...SELECTS,
  ],
} as const satisfies Record<string, readonly string[]>;

/** Checks one interactive element placed in `container` (a block type). */
export function checkElement(
  c: Checker,
  value: unknown,
  pointer: string,
  container: keyof typeof ALLOWED_IN,
  actionIds: Set<string>,
): void {
  const el = c.object(value, pointer);
  if (!el) return;
  const type = c.string(el, 'type', pointer, { required: true });
  if (type === undefined) return;
  const spec = ELEMENT_SPECS[type];
  if (!spec) {
    c.fail(`${pointer}/type`, `unsupported type: ${type}`);
    return;
  }
  if (!(ALLOWED_IN[container] as readonly string[]).includes(type)) {
    c.fail(`${pointer}/type`, `${type} elements are not allowed in ${container} blocks`);
    return;
  }
  c.onlyKeys(el, spec.keys, pointer);
  if (spec.keys.includes('action_id')) c.identifier(el, 'action_id', pointer, actionIds);
  spec.check(c, el, pointer);
}
