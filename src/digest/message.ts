import { ALERT_SOURCES, SEVERITY_LABELS } from '../alerts/alert.js';
import { escapeMrkdwn as esc, truncate } from '../slack/blocks/text.js';
import { localDateFormatter } from './calendar.js';
import type { DigestFigures } from './figures.js';
import {
  chartAsRows,
  fitLines,
  formatChange,
  formatMinutes,
  formatStats,
  STATUS_EMOJI,
  STATUS_LABEL,
  topListLines,
} from './message-format.js';
import type { Scorecard } from './scorecard.js';
import { PERCENTILE_METHOD } from './stats.js';

/**
 * The weekly digest as a Slack message. Whatever the volume, it stays inside Block Kit's limits:
 * a fixed set of about 20 blocks (≤ 50), every section text cut to fit 3000 characters, at most
 * 10 fields of ≤ 2000, lists capped with "…and N more", about 12k characters in all, and every
 * untrusted string escaped.
 */

export interface DigestMessageOptions {
  title: string;
  /** Accounts/regions covered, e.g. "3 accounts, eu-west-1 + us-east-1". */
  scopeLabel: string;
  /** The uploaded chart's Slack file id (F…), shown as an image block. */
  chartFileId?: string;
  /** When the chart upload failed, its figures go into the message as text instead. */
  chartUploadFailed?: boolean;
}

export type Block = Record<string, unknown>;

export interface DigestMessage {
  text: string;
  blocks: Block[];
}

const SECTION_MAX = 3000;
const FIELD_MAX = 2000;
/**
 * Slack also rejects messages whose blocks are too long in total (msg_blocks_too_long, seen near
 * 13k characters with every per-block limit respected), so lists get a smaller budget each and
 * the whole message stays under about 12k characters.
 */
const LIST_MAX = 1200;

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const section = (text: string): Block => ({ type: 'section', text: mrkdwn(truncate(text, SECTION_MAX)) });

export function windowLabel(figures: DigestFigures): string {
  const localDate = localDateFormatter(figures.timeZone);
  return `${localDate(new Date(figures.window.start))} → ${localDate(new Date(figures.window.end))} (${figures.timeZone})`;
}

function scorecardBlocks(scorecard: Scorecard): Block[] {
  return scorecard.map((line) => {
    // Each part is cut on its own so a huge figure never pushes the next action off the end.
    const permission = line.missingPermission
      ? `\n_Missing permission:_ \`${truncate(esc(line.missingPermission), 200)}\``
      : '';
    return section(
      `${STATUS_EMOJI[line.status]} *${line.area}: ${STATUS_LABEL[line.status]}*\n${truncate(esc(line.figure), 500)}\n` +
        `_Next:_ ${truncate(esc(line.nextAction), 300)}${permission}`,
    );
  });
}

function incidentFields(figures: DigestFigures): Block {
  const o = figures.opened;
  const fields = [
    `*Opened (7 days)*\n${formatChange(o.total)}`,
    `*By severity*\n${[...SEVERITY_LABELS]
      .reverse()
      .map((s) => `${s}: ${formatChange(o.bySeverity[s])}`)
      .join('\n')}`,
    `*By source*\n${ALERT_SOURCES.map((s) => `${s}: ${formatChange(o.bySource[s])}`).join('\n')}`,
    `*Escalations*\n${formatChange(figures.escalations)}`,
    `*MTTA*\n${formatStats(figures.mtta.overall)}`,
    `*MTTR*\n${formatStats(figures.mttr.overall)}`,
    `*MTTA by severity*\n${[...SEVERITY_LABELS]
      .reverse()
      .map((s) => `${s}: ${formatStats(figures.mtta.bySeverity[s])}`)
      .join('\n')}`,
    `*MTTR by severity*\n${[...SEVERITY_LABELS]
      .reverse()
      .map((s) => `${s}: ${formatStats(figures.mttr.bySeverity[s])}`)
      .join('\n')}`,
  ];
  return { type: 'section', fields: fields.slice(0, 10).map((f) => mrkdwn(truncate(f, FIELD_MAX))) };
}

function chartBlocks(figures: DigestFigures, options: DigestMessageOptions): Block[] {
  if (options.chartUploadFailed) {
    const rows = chartAsRows(figures).join('\n');
    return [
      section(
        `*Last 4 weeks* (the chart could not be uploaded; its figures instead)\n\`\`\`\n${rows}\n\`\`\``,
      ),
    ];
  }
  if (!options.chartFileId) return [];
  return [
    {
      type: 'image',
      slack_file: { id: options.chartFileId },
      alt_text: 'Incidents opened per day by severity over the last 4 weeks, and median MTTA per week',
    },
  ];
}

function utcMinute(iso: string | undefined): string {
  return iso ? `${new Date(Date.parse(iso)).toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'never';
}

function listBlocks(figures: DigestFigures): Block[] {
  const types = topListLines(figures.noisiestTypes, esc);
  const resources = topListLines(figures.noisiestResources, esc);
  const stale = figures.staleOpen.map(
    (i) =>
      `• \`${truncate(esc(i.incidentId), 40)}\` ${i.severityLabel} · ${truncate(esc(i.type), 120)} on ${truncate(esc(i.resourceKey), 120)} · ` +
      `${formatMinutes(i.ageMinutes)} open · owner: ${i.owner ? truncate(esc(i.owner), 60) : '_none_'}`,
  );
  const mutes = figures.expiringMutes.map(
    (m) =>
      `• \`${truncate(esc(m.id), 40)}\` ${truncate(esc(m.type), 120)} on ${truncate(esc(m.resource), 120)} · expires ${utcMinute(m.expiresAt)}`,
  );
  const body = (heading: string, lines: string[], more: number, empty: string) =>
    section(`*${heading}*\n${lines.length || more ? fitLines(lines, LIST_MAX, more) : `_${empty}_`}`);
  return [
    body('Noisiest finding types', types.lines, types.more, 'No incidents this week.'),
    body('Noisiest resources', resources.lines, resources.more, 'No incidents this week.'),
    body('Still open after 7 days', stale, 0, 'None.'),
    body('Mute rules expiring in the next 7 days', mutes, 0, 'None.'),
  ];
}

/** The fallback `text`: what notifications and screen readers get. */
export function digestFallbackText(
  figures: DigestFigures,
  scorecard: Scorecard,
  options: DigestMessageOptions,
): string {
  const atRisk = scorecard.filter((l) => l.status === 'at-risk').map((l) => l.area);
  const statusText = atRisk.length ? `at risk: ${atRisk.join(', ')}` : 'no area at risk';
  return truncate(
    `${esc(options.title)} (${esc(options.scopeLabel)}): ${formatChange(figures.opened.total)} incidents opened, ` +
      `MTTA ${formatStats(figures.mtta.overall)}; ${statusText}.`,
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
    {
      type: 'context',
      elements: [mrkdwn(truncate(`${esc(options.scopeLabel)} · ${windowLabel(figures)}`, SECTION_MAX))],
    },
    section('*Posture scorecard*'),
    ...scorecardBlocks(scorecard),
    { type: 'divider' },
    section('*Incidents this week* (vs the 7 days before)'),
    incidentFields(figures),
    ...chartBlocks(figures, options),
    ...listBlocks(figures),
    {
      type: 'context',
      elements: [mrkdwn(truncate(`MTTA/MTTR percentiles: ${PERCENTILE_METHOD}.`, SECTION_MAX))],
    },
  ];
  return { text: digestFallbackText(figures, scorecard, options), blocks: blocks.slice(0, 50) };
}
