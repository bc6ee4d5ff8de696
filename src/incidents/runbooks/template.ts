import { maskAccessKeyId } from '../../platform/log/mask.js';
import { conditionsHold } from './conditions.js';
import type { Runbook, RunbookStep } from './schema.js';
import { shellQuote } from './shell.js';
import { profileOf, type SubjectProfile } from './subject-profile.js';
import {
  isTemplateVariable,
  missingText,
  readVariable,
  TEMPLATE_VARIABLES,
  type TemplateSubject,
} from './template-variables.js';

/**
 * Renders `{{variable}}` templates in runbook steps for one alert or incident. Text gets values
 * as they are (the Slack layer escapes them); commands get every value shell-quoted, so a hostile
 * resource id such as `x'; rm -rf ~ #` stays one inert argument. A command is never shown with a
 * placeholder: when the alert lacks a value the command needs, the step says which value and
 * where to find it instead. Access key ids are masked unless the caller asks otherwise, because
 * rendered steps are shown in Slack. Steps with `when:` apply only to the alerts that fit it.
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

/** A step of the runbook that applies to this alert, with its index in the runbook (ticks key on it). */
export interface RenderedRunbookStep extends RenderedStep {
  readonly index: number;
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

interface Context {
  readonly subject: TemplateSubject;
  readonly profile: SubjectProfile;
  readonly options: RenderOptions;
}

function variableValue(name: string, ctx: Context): string | undefined {
  const raw = isTemplateVariable(name) ? readVariable(ctx.subject, name, ctx.profile) : undefined;
  return raw === undefined ? undefined : cleanValue(raw);
}

function textValue(name: string, ctx: Context): string {
  const value = variableValue(name, ctx);
  if (value === undefined) return missingText(name);
  return name === 'actor.accessKeyId' && ctx.options.accessKeys !== 'reveal' ? maskAccessKeyId(value) : value;
}

/** Why a command cannot be shown for this alert, one reason per variable; empty when it can. */
function commandGaps(template: string, ctx: Context): string[] {
  const gaps = new Set<string>();
  for (const name of templateVariables(template)) {
    const value = variableValue(name, ctx);
    const spec = isTemplateVariable(name) ? TEMPLATE_VARIABLES[name] : undefined;
    if (!spec) gaps.add(`it uses the unknown variable ${name}`);
    else if (value === undefined)
      gaps.add(`it needs the ${spec.label}, which this alert does not carry: find it in ${spec.find}`);
    // A value starting with "-" would be read as an option even when quoted.
    else if (value.startsWith('-'))
      gaps.add(`the ${spec.label} starts with "-" and cannot be passed safely: check it in ${spec.find}`);
  }
  return [...gaps];
}

function commandValue(name: string, ctx: Context): string {
  const value = variableValue(name, ctx) ?? '';
  if (name === 'actor.accessKeyId' && ctx.options.accessKeys !== 'reveal')
    return accessKeyShellReference(value);
  return shellQuote(value);
}

export function renderText(template: string, subject: TemplateSubject, options: RenderOptions = {}): string {
  const ctx = { subject, profile: profileOf(subject), options };
  return template.replace(TEMPLATE_PATTERN, (_, name: string) => textValue(name, ctx));
}

/** The command filled in, or undefined when the alert lacks a value it needs (never a placeholder). */
export function renderCommand(
  template: string,
  subject: TemplateSubject,
  options: RenderOptions = {},
): string | undefined {
  const ctx = { subject, profile: profileOf(subject), options };
  if (commandGaps(template, ctx).length > 0) return undefined;
  return template.replace(TEMPLATE_PATTERN, (_, name: string) => commandValue(name, ctx));
}

function renderWith(step: RunbookStep, ctx: Context): RenderedStep {
  const text = step.text.replace(TEMPLATE_PATTERN, (_, name: string) => textValue(name, ctx));
  if (step.command === undefined) return { text };
  const gaps = commandGaps(step.command, ctx);
  if (gaps.length > 0) {
    const joiner = /[.!?:]$/.test(text) ? ' ' : '. ';
    return { text: `${text}${joiner}Command not shown: ${gaps.join('; ')}.` };
  }
  return {
    text,
    command: step.command.replace(TEMPLATE_PATTERN, (_, name: string) => commandValue(name, ctx)),
  };
}

export function renderStep(
  step: RunbookStep,
  subject: TemplateSubject,
  options: RenderOptions = {},
): RenderedStep {
  return renderWith(step, { subject, profile: profileOf(subject), options });
}

function hasValue(ctx: Context): (name: string) => boolean {
  return (name) => variableValue(name, ctx) !== undefined;
}

/** Whether a step applies to this alert (its `when`, if any, holds). */
export function stepApplies(step: RunbookStep, subject: TemplateSubject): boolean {
  const ctx = { subject, profile: profileOf(subject), options: {} };
  return conditionsHold(step.when, ctx.profile, hasValue(ctx));
}

/** Indexes of the steps that apply to this alert, in order: the checklist and progress count these. */
export function applicableStepIndexes(runbook: Runbook, subject: TemplateSubject): number[] {
  const ctx = { subject, profile: profileOf(subject), options: {} };
  const has = hasValue(ctx);
  return runbook.steps.flatMap((step, index) => (conditionsHold(step.when, ctx.profile, has) ? [index] : []));
}

/** The steps that apply to this alert, rendered, with their runbook indexes. */
export function renderRunbookSteps(
  runbook: Runbook,
  subject: TemplateSubject,
  options: RenderOptions = {},
): RenderedRunbookStep[] {
  const ctx = { subject, profile: profileOf(subject), options };
  const has = hasValue(ctx);
  return runbook.steps.flatMap((step, index) =>
    conditionsHold(step.when, ctx.profile, has) ? [{ index, ...renderWith(step, ctx) }] : [],
  );
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
