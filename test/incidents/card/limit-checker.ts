import { BLOCK_LIMITS as L, MESSAGE_TEXT_BUDGET } from '../../../src/slack/blocks/limits.js';
import { blockTextLength } from '../../../src/slack/blocks/measure.js';

/**
 * An independent check of Slack's limits over built JSON (not through the builders' types), plus
 * the escaping rule: in mrkdwn, `<…>` appears only as the sequences the card means to send.
 */

type Json = Record<string, unknown>;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ALLOWED_SEQUENCE =
  /^<(?:!date\^\d+\^\{date_short_pretty\} \{time\}\|[^<>|]*|@[UW][A-Z0-9]+|!subteam\^S[A-Z0-9]+|https?:\/\/[^\s|<>]+\|[^<>|]*)>$/;

function checkText(obj: unknown, max: number, at: string, problems: string[], plainOnly = false): void {
  const t = obj as Json | undefined;
  if (!t || typeof t.text !== 'string') {
    problems.push(`${at}: missing text object`);
    return;
  }
  if (plainOnly && t.type !== 'plain_text') problems.push(`${at}: must be plain_text`);
  if (t.text.length === 0) problems.push(`${at}: empty text`);
  if (t.text.length > max) problems.push(`${at}: ${t.text.length} > ${max}`);
  if (LONE_SURROGATE.test(t.text)) problems.push(`${at}: lone surrogate`);
  if (t.type === 'mrkdwn') {
    for (const seq of t.text.match(/<[^>]*>?/g) ?? []) {
      if (!ALLOWED_SEQUENCE.test(seq))
        problems.push(`${at}: unexpected sequence ${JSON.stringify(seq.slice(0, 60))}`);
    }
    if (/&(?!amp;|lt;|gt;)/.test(t.text)) problems.push(`${at}: raw &`);
  }
}

function checkOption(o: unknown, at: string, problems: string[]): void {
  const opt = o as Json;
  checkText(opt.text, L.optionText, `${at}.text`, problems);
  if (typeof opt.value !== 'string' || opt.value.length === 0 || opt.value.length > L.optionValue)
    problems.push(`${at}.value`);
  if (opt.description !== undefined)
    checkText(opt.description, L.optionDescription, `${at}.description`, problems, true);
}

function checkElement(e: unknown, at: string, problems: string[]): void {
  const el = e as Json;
  if (typeof el.action_id !== 'string' || el.action_id.length > L.actionId) problems.push(`${at}.action_id`);
  switch (el.type) {
    case 'button':
      checkText(el.text, L.buttonText, `${at}.text`, problems, true);
      if (typeof el.value === 'string' && el.value.length > L.buttonValue)
        problems.push(`${at}.value too long`);
      break;
    case 'static_select': {
      const options = el.options as unknown[];
      if (options.length === 0 || options.length > L.selectOptions) problems.push(`${at}.options count`);
      options.forEach((o, i) => {
        checkOption(o, `${at}.options[${i}]`, problems);
      });
      checkText(el.placeholder, L.placeholder, `${at}.placeholder`, problems, true);
      break;
    }
    case 'checkboxes': {
      const options = el.options as unknown[];
      if (options.length === 0 || options.length > L.checkboxOptions)
        problems.push(`${at}.options count ${options.length}`);
      options.forEach((o, i) => {
        checkOption(o, `${at}.options[${i}]`, problems);
      });
      const values = options.map((o) => (o as Json).value);
      if (new Set(values).size !== values.length) problems.push(`${at}: duplicate option values`);
      const initial = (el.initial_options as unknown[] | undefined) ?? [];
      if (el.initial_options !== undefined && initial.length === 0)
        problems.push(`${at}: empty initial_options`);
      for (const o of initial) {
        if (!options.some((x) => JSON.stringify(x) === JSON.stringify(o)))
          problems.push(`${at}: initial option not in options`);
      }
      break;
    }
    case 'users_select':
      checkText(el.placeholder, L.placeholder, `${at}.placeholder`, problems, true);
      break;
    default:
      problems.push(`${at}: unexpected element ${String(el.type)}`);
  }
}

export function messageProblems(blocks: readonly unknown[]): string[] {
  const problems: string[] = [];
  if (blocks.length > L.messageBlocks) problems.push(`${blocks.length} blocks > ${L.messageBlocks}`);
  const total = blockTextLength(blocks);
  if (total > MESSAGE_TEXT_BUDGET) problems.push(`text ${total} > budget ${MESSAGE_TEXT_BUDGET}`);
  const blockIds = new Set<string>();
  blocks.forEach((b, i) => {
    const block = b as Json;
    const at = `blocks[${i}]`;
    if (typeof block.block_id === 'string') {
      if (block.block_id.length > L.blockId) problems.push(`${at}.block_id too long`);
      if (blockIds.has(block.block_id)) problems.push(`${at}.block_id duplicate`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case 'header':
        checkText(block.text, L.headerText, `${at}.text`, problems, true);
        break;
      case 'section': {
        if (block.text === undefined && block.fields === undefined) problems.push(`${at}: no text or fields`);
        if (block.text !== undefined) checkText(block.text, L.sectionText, `${at}.text`, problems);
        const fields = (block.fields as unknown[] | undefined) ?? [];
        if (fields.length > L.sectionFields) problems.push(`${at}.fields count`);
        fields.forEach((f, k) => {
          checkText(f, L.sectionField, `${at}.fields[${k}]`, problems);
        });
        break;
      }
      case 'context': {
        const elements = block.elements as unknown[];
        if (elements.length === 0 || elements.length > L.contextElements)
          problems.push(`${at}.elements count`);
        elements.forEach((e, k) => {
          checkText(e, L.contextText, `${at}.elements[${k}]`, problems);
        });
        break;
      }
      case 'actions': {
        const elements = block.elements as unknown[];
        if (elements.length === 0 || elements.length > L.actionsElements)
          problems.push(`${at}.elements count`);
        const ids = elements.map((e) => (e as Json).action_id);
        if (new Set(ids).size !== ids.length) problems.push(`${at}: duplicate action ids`);
        elements.forEach((e, k) => {
          checkElement(e, `${at}.elements[${k}]`, problems);
        });
        break;
      }
      default:
        problems.push(`${at}: unexpected block type ${String(block.type)}`);
    }
  });
  return problems;
}
