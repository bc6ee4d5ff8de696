import { actions, context, section } from '../../slack/blocks/blocks.js';
import { checkboxes } from '../../slack/blocks/elements.js';
import { BLOCK_LIMITS as L } from '../../slack/blocks/limits.js';
import { blockTextLength } from '../../slack/blocks/measure.js';
import { cleanLine, safeMrkdwn, truncate, truncateMrkdwn } from '../../slack/blocks/text.js';
import type { MessageBlock } from '../../slack/blocks/types.js';
import type { Incident } from '../incident.js';
import type { Runbook } from '../runbooks/schema.js';
import { renderStep } from '../runbooks/template.js';
import { cardUser, slackDate } from './format.js';
import { encodeChoiceValue, INCIDENT_ACTION_IDS, runbookStepsBlockId } from './ids.js';

/**
 * The runbook checklist: steps in groups of 10 (Slack's limit per checkboxes element), each group
 * a section with the full step text and commands, a checkboxes element (absent once resolved),
 * and a context line saying who ticked which step and when.
 */

export interface StepBlocksInput {
  readonly incident: Incident;
  readonly runbook: Runbook;
  /** Characters of block text the checklist may use. */
  readonly budget: number;
  /** Blocks the checklist may use. */
  readonly maxBlocks: number;
  readonly maxSteps: number;
}

export interface StepBlocks {
  readonly blocks: MessageBlock[];
  readonly shown: number;
}

const PER_CHUNK = L.checkboxOptions;
/** Below this, a group's step text would be too cut to be useful: stop and point to the rest. */
const MIN_SECTION_TEXT = 400;

// A backtick would close the code block early; U+02CB looks the same and keeps the block intact.
function codeSafe(command: string): string {
  return safeMrkdwn(command).replace(/`/g, 'ˋ');
}

function stepMarkup(incident: Incident, runbook: Runbook, index: number, resolved: boolean): string {
  const step = runbook.steps[index];
  if (!step) return '';
  const rendered = renderStep(step, incident);
  const done = incident.runbookSteps[String(index)] !== undefined;
  const mark = resolved ? (done ? '✅ ' : '⬜ ') : '';
  const command = rendered.command === undefined ? '' : `\n\`\`\`${codeSafe(rendered.command)}\`\`\``;
  return `${mark}*${index + 1}.* ${safeMrkdwn(rendered.text)}${command}`;
}

function sectionText(parts: string[], max: number): string {
  const perStep = Math.max(60, Math.floor((max - parts.length) / Math.max(1, parts.length)));
  const fitted = parts.map((p) => (parts.join('\n').length <= max ? p : truncateMrkdwn(p, perStep)));
  return truncateMrkdwn(fitted.join('\n'), max);
}

function ticksContext(incident: Incident, indexes: number[]): string[] {
  return indexes.flatMap((i) => {
    const tick = incident.runbookSteps[String(i)];
    return tick ? [`✓ *${i + 1}.* ${cardUser(tick.checkedBy)} · ${slackDate(tick.checkedAt)}`] : [];
  });
}

function chunkBlocks(
  input: StepBlocksInput,
  chunk: number,
  indexes: number[],
  sectionBudget: number,
): MessageBlock[] {
  const { incident, runbook } = input;
  const resolved = incident.status === 'resolved';
  const blocks: MessageBlock[] = [
    section({
      text: sectionText(
        indexes.map((i) => stepMarkup(incident, runbook, i, resolved)),
        sectionBudget,
      ),
    }),
  ];
  if (!resolved) {
    const options = indexes.map((i) => {
      const text = renderStep(runbook.steps[i] ?? { text: '' }, incident).text;
      return {
        label: `*${i + 1}.* ${safeMrkdwn(truncate(cleanLine(text), 50))}`,
        value: encodeChoiceValue(String(i), incident.id),
      };
    });
    const checked = indexes.filter((i) => incident.runbookSteps[String(i)] !== undefined);
    const element = checkboxes({
      actionId: INCIDENT_ACTION_IDS.runbookSteps,
      options,
      checkedValues: checked.map((i) => encodeChoiceValue(String(i), incident.id)),
    });
    blocks.push(actions([element], runbookStepsBlockId(chunk)));
  }
  const ticks = ticksContext(incident, indexes);
  if (ticks.length > 0) blocks.push(context(ticks, undefined, 300));
  return blocks;
}

export function buildStepBlocks(input: StepBlocksInput): StepBlocks {
  const total = Math.min(input.runbook.steps.length, Math.max(0, input.maxSteps));
  const blocks: MessageBlock[] = [];
  let remaining = input.budget;
  let shown = 0;
  for (let chunk = 0; shown < total; chunk++) {
    if (blocks.length + 3 > input.maxBlocks) break;
    const indexes = Array.from({ length: Math.min(PER_CHUNK, total - shown) }, (_, k) => shown + k);
    // Measure the group without its text, then give the text what is left (at most a section's worth).
    const skeleton = chunkBlocks(input, chunk, indexes, 1);
    const sectionBudget = Math.min(L.sectionText, remaining - blockTextLength(skeleton));
    if (sectionBudget < MIN_SECTION_TEXT) break;
    const built = chunkBlocks(input, chunk, indexes, sectionBudget);
    blocks.push(...built);
    remaining -= blockTextLength(built);
    shown += indexes.length;
  }
  return { blocks, shown };
}
