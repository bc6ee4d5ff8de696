import { mrkdwnCode, safeMrkdwnLine, truncate } from '../slack/blocks/text.js';
import { STATUS_EMOJI, STATUS_LABEL } from './message-format.js';
import type { Scorecard, ScorecardLine, ScorecardStatus } from './scorecard.js';

/**
 * The digest's top half: the scorecard as five short lines (one per area, its status first) and
 * at most three next steps, worst first. The full figures stay in the text preview and JSON; here
 * each line is what a lead takes in at a glance.
 */

/** Next steps come from the worst lines first; a good line has none. */
const URGENCY: readonly ScorecardStatus[] = ['at-risk', 'needs-attention', 'could-not-check'];
const MAX_NEXT_STEPS = 3;
const SUMMARY_MAX = 140;
const STEP_MAX = 300;

/** The line's figure in a few words: its own summary, or the figure up to its first clause. */
function shortFigure(line: ScorecardLine): string {
  if (line.status === 'could-not-check') {
    const permission = line.missingPermission?.split(',')[0]?.trim();
    if (permission) return `missing ${mrkdwnCode(truncate(permission, 80))}`;
  }
  const text = line.summary ?? line.figure.split(/;|\. /)[0] ?? line.figure;
  return safeMrkdwnLine(truncate(text.replace(/\.$/, ''), SUMMARY_MAX));
}

export function postureLines(scorecard: Scorecard): string[] {
  return scorecard.map(
    (line) =>
      `${STATUS_EMOJI[line.status]} *${line.area}* · ${STATUS_LABEL[line.status]}: ${shortFigure(line)}`,
  );
}

/** The lines that ask for action, worst first, at most three. */
function nextStepLines(scorecard: Scorecard): ScorecardLine[] {
  return URGENCY.flatMap((status) => scorecard.filter((line) => line.status === status)).slice(
    0,
    MAX_NEXT_STEPS,
  );
}

export function nextStepsText(scorecard: Scorecard): string {
  const steps = nextStepLines(scorecard);
  if (steps.length === 0) return '*Next steps*\nNothing needs doing this week: every area is good.';
  return `*Next steps*\n${steps
    .map((line, i) => `${i + 1}. ${safeMrkdwnLine(truncate(line.nextAction, STEP_MAX))}`)
    .join('\n')}`;
}
