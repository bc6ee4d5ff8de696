import { BLOCK_LIMITS as L } from './limits.js';
import { cleanLine, cleanText, clip, nonEmpty, truncate, truncateMrkdwn } from './text.js';
import type { ConfirmDialog, MrkdwnText, OptionObject, PlainText } from './types.js';

/** A plain_text object: cleaned, never empty, cut to `max`. Plain text needs no escaping. */
export function plainText(text: string, max: number, options: { multiline?: boolean } = {}): PlainText {
  const clean = options.multiline ? cleanText(text) : cleanLine(text);
  return { type: 'plain_text', text: truncate(nonEmpty(clean), max), emoji: true };
}

/**
 * A mrkdwn object from markup the caller built with escaped values ({@link safeMrkdwn}).
 * `verbatim` stops Slack from auto-parsing `@here`-like words or channel names in the values.
 */
export function mrkdwnText(markup: string, max: number): MrkdwnText {
  return { type: 'mrkdwn', text: truncateMrkdwn(nonEmpty(cleanText(markup)), max), verbatim: true };
}

/** An id (action_id, block_id, callback_id): data, so clipped without an ellipsis. */
export function limitId(id: string, max: number = L.actionId): string {
  return clip(nonEmpty(id, '_'), max);
}

export interface OptionInput {
  readonly label: string;
  readonly value: string;
  readonly description?: string;
  /** Checkboxes and radio buttons accept mrkdwn option text; selects only plain_text. */
  readonly mrkdwn?: boolean;
}

export function option(input: OptionInput): OptionObject {
  const text = input.mrkdwn ? mrkdwnText(input.label, L.optionText) : plainText(input.label, L.optionText);
  const base = { text, value: clip(nonEmpty(input.value, '_'), L.optionValue) };
  return input.description === undefined
    ? base
    : { ...base, description: plainText(input.description, L.optionDescription) };
}

/** Keeps the first option per value (Slack needs them distinct) and at most `max` of them. */
export function distinctOptions(options: readonly OptionObject[], max: number): OptionObject[] {
  const seen = new Set<string>();
  const kept: OptionObject[] = [];
  for (const o of options) {
    if (seen.has(o.value)) continue;
    seen.add(o.value);
    kept.push(o);
    if (kept.length === max) break;
  }
  return kept;
}

export interface ConfirmInput {
  readonly title: string;
  readonly text: string;
  readonly confirm: string;
  readonly deny: string;
  readonly style?: 'primary' | 'danger';
}

export function confirmDialog(input: ConfirmInput): ConfirmDialog {
  const dialog: ConfirmDialog = {
    title: plainText(input.title, L.confirmTitle),
    text: plainText(input.text, L.confirmText, { multiline: true }),
    confirm: plainText(input.confirm, L.confirmButton),
    deny: plainText(input.deny, L.confirmButton),
  };
  return input.style ? { ...dialog, style: input.style } : dialog;
}
