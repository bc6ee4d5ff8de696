import { actions, context, section } from '../../slack/blocks/blocks.js';
import { checkboxes } from '../../slack/blocks/elements.js';
import { BLOCK_LIMITS as L } from '../../slack/blocks/limits.js';
import { limitId, plainText } from '../../slack/blocks/objects.js';
import { cleanLine, clip, safeMrkdwnLine } from '../../slack/blocks/text.js';
import type { ModalView, ViewBlock } from '../../slack/blocks/types.js';
import type { Incident } from '../incident.js';
import type { Runbook } from '../runbooks/schema.js';
import { renderStep } from '../runbooks/template.js';
import { type ApplicableStep, applicableSteps, runbookTally } from './applicable-steps.js';
import { cardUser, SEVERITY_EMOJI, slackDate, value } from './format.js';
import { encodeChoiceValue, INCIDENT_ACTION_IDS, MODAL_CALLBACK_IDS, runbookStepsBlockId } from './ids.js';

/**
 * The runbook checklist, opened by the card's Runbook button: one checkbox per step (groups of
 * ten, Slack's limit per element), and under each group who ticked which step and when. The
 * handler redraws it after every tick, so a refused tick shows unticked again. The full steps
 * with their commands are in the thread; here a step is its first words.
 */

/** Option text is at most 75 characters; the step number and an ellipsis need room. */
const LABEL_MAX = 68;

/** The step's text cut at a word boundary, never mid-word. */
export function stepLabel(text: string, max = LABEL_MAX): string {
  const line = cleanLine(text).trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`;
}

function ticks(incident: Incident, steps: readonly ApplicableStep[]): string[] {
  return steps.flatMap(({ index, number }) => {
    const tick = incident.runbookSteps[String(index)];
    return tick ? [`✓ *${number}.* ${cardUser(tick.checkedBy)} · ${slackDate(tick.checkedAt)}`] : [];
  });
}

function group(
  incident: Incident,
  runbook: Runbook,
  steps: readonly ApplicableStep[],
  chunk: number,
): ViewBlock[] {
  const first = chunk * L.checkboxOptions;
  const shown = steps.slice(first, first + L.checkboxOptions);
  const indexes = shown.map((s) => s.index);
  const resolved = incident.status === 'resolved';
  const labels = shown.map(({ index, number }) => {
    const step = runbook.steps[index];
    return `${number}. ${safeMrkdwnLine(stepLabel(step ? renderStep(step, incident).text : ''))}`;
  });
  const blocks: ViewBlock[] = resolved
    ? [
        section({
          text: indexes
            .map((i, k) => `${incident.runbookSteps[String(i)] ? '✅' : '⬜'} ${labels[k] ?? ''}`)
            .join('\n'),
        }),
      ]
    : [
        actions(
          [
            checkboxes({
              actionId: INCIDENT_ACTION_IDS.runbookSteps,
              options: indexes.map((i, k) => ({
                label: labels[k] ?? String(k + 1),
                value: encodeChoiceValue(String(i), incident.id),
              })),
              checkedValues: indexes
                .filter((i) => incident.runbookSteps[String(i)] !== undefined)
                .map((i) => encodeChoiceValue(String(i), incident.id)),
            }),
          ],
          runbookStepsBlockId(chunk),
        ),
      ];
  const done = ticks(incident, shown);
  // A context block holds at most 10 elements: one line per ticked step of this group fits.
  if (done.length > 0) blocks.push(context(done, undefined, 300));
  return blocks;
}

export function buildRunbookModal(incident: Incident, runbook: Runbook): ModalView {
  const steps = applicableSteps(incident, runbook);
  const tally = runbookTally(incident, runbook);
  const chunks = Math.ceil(steps.length / L.checkboxOptions);
  const intro =
    `${SEVERITY_EMOJI[incident.severityLabel]} *${value(incident.title, 150)}* · ${value(incident.id, 60)}\n` +
    `📋 *${value(runbook.title, 150)}*: ${tally.done} of ${tally.total} steps done. ` +
    'The full steps with their commands are in the incident’s thread.';
  return {
    type: 'modal',
    callback_id: limitId(MODAL_CALLBACK_IDS.runbook, L.callbackId),
    title: plainText('Runbook', L.viewTitle),
    close: plainText('Close', L.viewClose),
    private_metadata: clip(incident.id, L.privateMetadata),
    blocks: [
      section({ text: intro }),
      ...Array.from({ length: chunks }, (_, chunk) => group(incident, runbook, steps, chunk)).flat(),
    ],
  };
}
