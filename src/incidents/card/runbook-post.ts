import { context, section } from '../../slack/blocks/blocks.js';
import { BLOCK_LIMITS as L, MESSAGE_TEXT_BUDGET } from '../../slack/blocks/limits.js';
import { mrkdwnLink } from '../../slack/blocks/links.js';
import { escapeCodeBlock, safeMrkdwn, truncateMrkdwn } from '../../slack/blocks/text.js';
import type { MessageBlock, SlackMessage } from '../../slack/blocks/types.js';
import type { Incident } from '../incident.js';
import type { Runbook } from '../runbooks/schema.js';
import { renderStep } from '../runbooks/template.js';
import { type ApplicableStep, applicableSteps } from './applicable-steps.js';
import { value } from './format.js';

/**
 * The runbook in full, posted once as the first reply in the incident's thread: every step with
 * its command filled in for this incident, in order. The card shows only the progress and the
 * Runbook button opens the checklist; this is where the commands are read and copied from.
 */

/** A section's text stays well under Slack's 3,000 so a step is never cut mid-command. */
const SECTION_TEXT = 2_800;

export function stepMarkup(incident: Incident, runbook: Runbook, step: ApplicableStep): string {
  const source = runbook.steps[step.index];
  if (!source) return '';
  const rendered = renderStep(source, incident);
  const command = rendered.command === undefined ? '' : `\n\`\`\`${escapeCodeBlock(rendered.command)}\`\`\``;
  return `*${step.number}.* ${safeMrkdwn(rendered.text)}${command}`;
}

/** Steps packed into sections, in order, each step whole (a step longer than a section is cut). */
function stepSections(incident: Incident, runbook: Runbook, budget: number, maxBlocks: number) {
  const blocks: MessageBlock[] = [];
  let current = '';
  let used = 0;
  let shown = 0;
  const steps = applicableSteps(incident, runbook);
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (!step) continue;
    const markup = truncateMrkdwn(stepMarkup(incident, runbook, step), SECTION_TEXT);
    const joined = current === '' ? markup : `${current}\n\n${markup}`;
    if (joined.length <= SECTION_TEXT) {
      if (used + markup.length > budget) break;
      current = joined;
    } else {
      if (blocks.length + 1 >= maxBlocks || used + markup.length > budget) break;
      blocks.push(section({ text: current }));
      current = markup;
    }
    used += markup.length;
    shown = i + 1;
  }
  if (current !== '') blocks.push(section({ text: current }));
  return { blocks, shown };
}

export function buildRunbookPost(incident: Incident, runbook: Runbook): SlackMessage {
  const total = applicableSteps(incident, runbook).length;
  const intro = `📋 *Runbook: ${value(runbook.title, 150)}* (${total} step${total === 1 ? '' : 's'})${
    runbook.summary ? `\n${value(runbook.summary, 400)}` : ''
  }\nTick steps with the card's *Runbook* button; who ticked what is kept.`;
  const references = runbook.references
    .slice(0, 5)
    .map((r) => (r.url ? mrkdwnLink(r.url, value(r.title, 100), 500) : value(r.title, 100)));
  const tail: MessageBlock[] =
    references.length > 0 ? [context([`📚 ${references.join(' · ')}`], undefined, 2500)] : [];
  const budget = MESSAGE_TEXT_BUDGET - intro.length - 3_000;
  const steps = stepSections(incident, runbook, budget, L.messageBlocks - 3);
  const hidden = total - steps.shown;
  const more =
    hidden > 0
      ? [
          context([
            `➕ ${hidden} more step${hidden === 1 ? '' : 's'}: see workflows/runbooks/${value(runbook.id, 80)}.yaml`,
          ]),
        ]
      : [];
  return {
    text: `Runbook: ${value(runbook.title, 150)} (${total} step${total === 1 ? '' : 's'})`,
    blocks: [section({ text: intro }), ...steps.blocks, ...more, ...tail],
  };
}
