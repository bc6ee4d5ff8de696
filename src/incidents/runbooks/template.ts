import { maskAccessKeyId } from '../../platform/log/mask.js';
import type { RunbookStep } from './schema.js';
import { shellQuote } from './shell.js';
import {
  isTemplateVariable,
  missingPlaceholder,
  readVariable,
  type TemplateSubject,
} from './template-variables.js';

/**
 * Renders `{{variable}}` templates in runbook steps. Text gets values as they are (the Slack
 * layer escapes them); commands get every value shell-quoted, so a hostile resource id such as
 * `x'; rm -rf ~ #` stays one inert argument. Access key ids are masked unless the caller asks
 * otherwise, because rendered steps are shown in Slack.
 */

export const TEMPLATE_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

export interface RenderOptions {
  /** `mask` (default) shows `AKIA…WXYZ`; `reveal` is for a responder's own terminal only. */
  readonly accessKeys?: 'mask' | 'reveal';
}

export interface RenderedStep {
  readonly text: string;
  readonly command?: string;
}

// Controls (including line breaks) and bidi overrides could hide or reorder parts of a command.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being replaced
const CONTROL_OR_BIDI = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function cleanValue(value: string): string {
  return value.replace(CONTROL_OR_BIDI, '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
}

const ACCESS_KEY_SUFFIX = /^[A-Z0-9]{4}$/;

/**
 * A masked key cannot go into a runnable command, so the command reads it from the shell: the
 * responder sets ACCESS_KEY_ID from the finding, and bash stops with the hint if they did not.
 */
function accessKeyShellReference(keyId: string): string {
  const suffix = keyId.slice(-4);
  const hint = ACCESS_KEY_SUFFIX.test(suffix) && keyId.length > 8 ? ` ending ${suffix}` : '';
  return `"\${ACCESS_KEY_ID:?set ACCESS_KEY_ID to the access key id${hint} from the finding}"`;
}

function renderValue(
  name: string,
  subject: TemplateSubject,
  mode: 'text' | 'command',
  options: RenderOptions,
): string {
  const raw = isTemplateVariable(name) ? readVariable(subject, name) : undefined;
  if (raw === undefined) {
    const placeholder = missingPlaceholder(name);
    return mode === 'command' ? shellQuote(placeholder) : placeholder;
  }
  const value = cleanValue(raw);
  const masked = name === 'actor.accessKeyId' && options.accessKeys !== 'reveal';
  if (mode === 'text') return masked ? maskAccessKeyId(value) : value;
  if (masked) return accessKeyShellReference(value);
  // A value starting with "-" would be read as an option even when quoted.
  if (value.startsWith('-')) return shellQuote(`<unsafe ${name} value>`);
  return shellQuote(value);
}

export function renderText(template: string, subject: TemplateSubject, options: RenderOptions = {}): string {
  return template.replace(TEMPLATE_PATTERN, (_, name: string) => renderValue(name, subject, 'text', options));
}

export function renderCommand(
  template: string,
  subject: TemplateSubject,
  options: RenderOptions = {},
): string {
  return template.replace(TEMPLATE_PATTERN, (_, name: string) =>
    renderValue(name, subject, 'command', options),
  );
}

export function renderStep(
  step: RunbookStep,
  subject: TemplateSubject,
  options: RenderOptions = {},
): RenderedStep {
  const text = renderText(step.text, subject, options);
  return step.command === undefined
    ? { text }
    : { text, command: renderCommand(step.command, subject, options) };
}

/** Variable names a template uses, in order of appearance (for lint). */
export function templateVariables(template: string): string[] {
  return [...template.matchAll(TEMPLATE_PATTERN)].map((m) => m[1] ?? '');
}

/**
 * Variables written inside quotes in a command (`'{{resource.id}}'`): values are quoted already,
 * and quoting them again would splice the quoting open. `$(...)` starts a fresh context, even
 * inside double quotes, as it does in the shell. Returns the offending names.
 */
export function quotedCommandVariables(command: string): string[] {
  const found: string[] = [];
  const stack: Array<"'" | '"' | '$('> = [];
  for (let i = 0; i < command.length; i++) {
    const top = stack.at(-1);
    if (command.startsWith('{{', i)) {
      const end = command.indexOf('}}', i);
      if (end === -1) break;
      if (top === "'" || top === '"') found.push(command.slice(i + 2, end).trim());
      i = end + 1;
      continue;
    }
    const ch = command[i];
    if (top === "'") {
      if (ch === "'") stack.pop();
    } else if (ch === '\\') {
      i++;
    } else if (command.startsWith('$(', i)) {
      stack.push('$(');
      i++;
    } else if (top === '"') {
      if (ch === '"') stack.pop();
    } else if (ch === "'" || ch === '"') {
      stack.push(ch);
    } else if (ch === ')' && top === '$(') {
      stack.pop();
    }
  }
  return found;
}
