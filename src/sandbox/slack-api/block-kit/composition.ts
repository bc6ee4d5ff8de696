import type { Checker, Json } from './checker.js';
import { LIMITS } from './limits.js';

export interface OptionRule {
  /** Checkboxes and radio buttons accept mrkdwn option text; selects and overflow menus do not. */
  allowMrkdwn?: boolean;
  /** Only overflow menu options may carry a `url`. */
  allowUrl?: boolean;
}

export function checkOption(c: Checker, value: unknown, pointer: string, rule: OptionRule = {}): void {
  const option = c.object(value, pointer);
  if (!option) return;
  c.onlyKeys(option, ['text', 'value', 'description', ...(rule.allowUrl ? ['url'] : [])], pointer);
  c.text(option, 'text', pointer, { required: true, max: LIMITS.optionText, plainOnly: !rule.allowMrkdwn });
  c.string(option, 'value', pointer, { required: true, min: 1, max: LIMITS.optionValue });
  c.text(option, 'description', pointer, { max: LIMITS.optionDescription, plainOnly: !rule.allowMrkdwn });
  if (rule.allowUrl) c.url(option, 'url', pointer);
}

export function checkOptions(
  c: Checker,
  obj: Json,
  key: string,
  pointer: string,
  limits: { required?: boolean; min?: number; max: number },
  rule: OptionRule = {},
): void {
  const options = c.array(obj, key, pointer, limits);
  options?.forEach((option, i) => {
    checkOption(c, option, `${pointer}/${key}/${i}`, rule);
  });
}

export function checkOptionGroups(c: Checker, obj: Json, pointer: string): void {
  const groups = c.array(obj, 'option_groups', pointer, { max: LIMITS.selectOptionGroups });
  groups?.forEach((value, i) => {
    const at = `${pointer}/option_groups/${i}`;
    const group = c.object(value, at);
    if (!group) return;
    c.onlyKeys(group, ['label', 'options'], at);
    c.text(group, 'label', at, { required: true, max: LIMITS.optionGroupLabel, plainOnly: true });
    checkOptions(c, group, 'options', at, { required: true, max: LIMITS.selectOptions });
  });
}

/** A confirmation dialog: title, text, confirm and deny are all required. */
export function checkConfirm(c: Checker, obj: Json, pointer: string): void {
  if (obj.confirm === undefined) return;
  const at = `${pointer}/confirm`;
  const confirm = c.object(obj.confirm, at);
  if (!confirm) return;
  c.onlyKeys(confirm, ['title', 'text', 'confirm', 'deny', 'style'], at);
  c.text(confirm, 'title', at, { required: true, max: LIMITS.confirmTitle, plainOnly: true });
  c.text(confirm, 'text', at, { required: true, max: LIMITS.confirmText });
  c.text(confirm, 'confirm', at, { required: true, max: LIMITS.confirmButton, plainOnly: true });
  c.text(confirm, 'deny', at, { required: true, max: LIMITS.confirmButton, plainOnly: true });
  c.string(confirm, 'style', at, { oneOf: ['primary', 'danger'] });
}

/** `dispatch_action_config` of text inputs. */
export function checkDispatchConfig(c: Checker, obj: Json, pointer: string): void {
  if (obj.dispatch_action_config === undefined) return;
  const at = `${pointer}/dispatch_action_config`;
  const config = c.object(obj.dispatch_action_config, at);
  if (!config) return;
  c.onlyKeys(config, ['trigger_actions_on'], at);
  const triggers = c.array(config, 'trigger_actions_on', at, { max: 2 });
  triggers?.forEach((t, i) => {
    if (t !== 'on_enter_pressed' && t !== 'on_character_entered') {
      c.fail(`${at}/trigger_actions_on/${i}`, 'must be one of: on_enter_pressed, on_character_entered');
    }
  });
}
