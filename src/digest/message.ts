import { safeMrkdwnLine, truncate } from '../slack/blocks/text.js';
import { localDateFormatter } from './calendar.js';
import type { DigestFigures } from './figures.js';
import { chartAsRows, formatMinutes } from './message-format.js';
import { type DigestList, expiringMutesList, noisiestList, staleList } from './message-lists.js';
import { keyNumberFields } from './message-numbers.js';
import { nextStepsText, postureLines } from './message-posture.js';
import type { Scorecard } from './scorecard.js';

/**
 * The weekly digest as one Slack message a lead reads in ten seconds: a header, the scope and
 * week, the scorecard as five one-line statuses, at most three next steps, the week's key
 * numbers beside last week's, short lists (or one sentence each when empty), and the chart,
 * which is attached to this same message (files.completeUploadExternal with these blocks).
 * Whatever the volume it stays inside Block Kit's limits: about 10 blocks, every list capped at
 * three lines, every untrusted name escaped and cut. How MTTA/MTTR percentiles are computed is
 * in docs/digest.md, not in the message.
 */

/**
 * Where the chart is: `attached` (uploaded with this message), `unavailable` (it could not be
 * drawn, so its figures go in as text) or `preview` (a private preview, which cannot carry a
 * file: one line says the posted digest has it).
 */
export type DigestChartPlacement = 'attached' | 'unavailable' | 'preview';

export interface DigestMessageOptions {
  title: string;
  /** Accounts covered, e.g. "2 accounts: prod (111122223333), staging (444455556666)". */
  scopeLabel: string;
  /** @defaultValue 'attached' */
  chart?: DigestChartPlacement;
}

export type Block = Record<string, unknown>;

export interface DigestMessage {
  text: string;
  blocks: Block[];
}

const SECTION_MAX = 3000;
const FIELD_MAX = 2000;
const CONTEXT_MAX = 2000;

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const section = (text: string): Block => ({ type: 'section', text: mrkdwn(truncate(text, SECTION_MAX)) });
const context = (text: string): Block => ({
  type: 'context',
  elements: [mrkdwn(truncate(text, CONTEXT_MAX))],
});

export function windowLabel(figures: DigestFigures): string {
  const localDate = localDateFormatter(figures.timeZone);
  return `${localDate(new Date(figures.window.start))} → ${localDate(new Date(figures.window.end))} (${figures.timeZone})`;
}

function numbersBlock(figures: DigestFigures): Block {
  return {
    type: 'section',
    text: mrkdwn('*This week*'),
    fields: keyNumberFields(figures).map((f) => mrkdwn(truncate(`*${f.title}*\n${f.body}`, FIELD_MAX))),
  };
}

/** Lists with items as sections (two side by side as fields); empty ones as one quiet line. */
function listBlocks(figures: DigestFigures): Block[] {
  const noisiest = noisiestList(figures);
  const others = [staleList(figures), expiringMutesList(figures)];
  const lists: DigestList[] = [...noisiest, ...others];
  const body = (list: Extract<DigestList, { kind: 'items' }>) => `*${list.title}*\n${list.lines.join('\n')}`;
  const blocks: Block[] = [];
  const noisyItems = noisiest.filter((l) => l.kind === 'items');
  if (noisyItems.length)
    blocks.push({ type: 'section', fields: noisyItems.map((l) => mrkdwn(truncate(body(l), FIELD_MAX))) });
  for (const list of others) if (list.kind === 'items') blocks.push(section(body(list)));
  const empty = lists.flatMap((l) => (l.kind === 'empty' ? [l.sentence] : []));
  if (empty.length) blocks.push(context(empty.join('\n')));
  return blocks;
}

function chartBlocks(figures: DigestFigures, placement: DigestChartPlacement): Block[] {
  if (placement === 'unavailable') {
    return [
      section(
        `*Last 4 weeks* (the chart could not be drawn; its figures instead)\n\`\`\`\n${chartAsRows(figures).join('\n')}\n\`\`\``,
      ),
    ];
  }
  if (placement === 'preview')
    return [
      context(
        'The chart of the last 4 weeks (incidents per day, MTTA per week) comes with the posted digest.',
      ),
    ];
  return [];
}

/** The fallback `text`: what notifications and screen readers get. */
export function digestFallbackText(
  figures: DigestFigures,
  scorecard: Scorecard,
  options: DigestMessageOptions,
): string {
  const atRisk = scorecard.filter((l) => l.status === 'at-risk').map((l) => l.area);
  const statusText = atRisk.length ? `at risk: ${atRisk.join(', ')}` : 'no area at risk';
  const opened = figures.opened.total;
  const mtta = figures.mtta.overall.count
    ? `MTTA median ${formatMinutes(figures.mtta.overall.medianMinutes)}`
    : 'nothing acknowledged';
  return truncate(
    `${safeMrkdwnLine(options.title)} (${safeMrkdwnLine(options.scopeLabel)}): ${opened.current} incident${opened.current === 1 ? '' : 's'} opened ` +
      `(last week ${opened.previous}), ${mtta}; ${statusText}.`,
    3000,
  );
}

export function buildDigestBlocks(
  figures: DigestFigures,
  scorecard: Scorecard,
  options: DigestMessageOptions,
): DigestMessage {
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(options.title, 150), emoji: true } },
    context(`${safeMrkdwnLine(options.scopeLabel)} · ${windowLabel(figures)}`),
    section(`*Posture*\n${postureLines(scorecard).join('\n')}`),
    section(nextStepsText(scorecard)),
    { type: 'divider' },
    numbersBlock(figures),
    ...listBlocks(figures),
    ...chartBlocks(figures, options.chart ?? 'attached'),
  ];
  return { text: digestFallbackText(figures, scorecard, options), blocks: blocks.slice(0, 50) };
}
