import { ALERT_SOURCES, SEVERITY_LABELS } from '../alerts/alert.js';
import type { DigestFigures } from './figures.js';
import { buildDigestBlocks, type DigestMessage, type DigestMessageOptions, windowLabel } from './message.js';
import {
  chartAsRows,
  fitLines,
  formatChange,
  formatMinutes,
  formatStats,
  STATUS_LABEL,
} from './message-format.js';
import type { Scorecard } from './scorecard.js';
import { PERCENTILE_METHOD } from './stats.js';

/**
 * The digest for a terminal: `watchkeeper digest --preview --format text|json`. Text is plain
 * (no Slack escaping) with the chart's figures as rows, since a terminal shows no image; control
 * characters from untrusted names are removed so they cannot move the cursor or recolour output.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function clean(text: string): string {
  return text.replace(CONTROL, '');
}

export function renderDigestText(
  figures: DigestFigures,
  scorecard: Scorecard,
  options: DigestMessageOptions,
): string {
  const o = figures.opened;
  const out: string[] = [
    options.title,
    `${options.scopeLabel} · ${windowLabel(figures)}`,
    '',
    'POSTURE SCORECARD',
    ...scorecard.flatMap((line) => [
      `[${STATUS_LABEL[line.status]}] ${line.area}`,
      `    ${line.figure}`,
      `    Next: ${line.nextAction}`,
      ...(line.missingPermission ? [`    Missing permission: ${line.missingPermission}`] : []),
    ]),
    '',
    'INCIDENTS THIS WEEK (vs the 7 days before)',
    `  Opened: ${formatChange(o.total)}`,
    ...[...SEVERITY_LABELS].reverse().map((s) => `    ${s}: ${formatChange(o.bySeverity[s])}`),
    ...ALERT_SOURCES.map((s) => `    ${s}: ${formatChange(o.bySource[s])}`),
    `  Escalations: ${formatChange(figures.escalations)}`,
    `  MTTA: ${formatStats(figures.mtta.overall)}`,
    ...[...SEVERITY_LABELS].reverse().map((s) => `    ${s}: ${formatStats(figures.mtta.bySeverity[s])}`),
    `  MTTR: ${formatStats(figures.mttr.overall)}`,
    ...[...SEVERITY_LABELS].reverse().map((s) => `    ${s}: ${formatStats(figures.mttr.bySeverity[s])}`),
    '',
    'LAST 4 WEEKS',
    ...chartAsRows(figures).map((row) => `  ${row}`),
    '',
    'NOISIEST FINDING TYPES',
    ...figures.noisiestTypes.items.map((t) => `  ${t.count} × ${t.key}`),
    ...(figures.noisiestTypes.more ? [`  …and ${figures.noisiestTypes.more} more`] : []),
    'NOISIEST RESOURCES',
    ...figures.noisiestResources.items.map((t) => `  ${t.count} × ${t.key}`),
    ...(figures.noisiestResources.more ? [`  …and ${figures.noisiestResources.more} more`] : []),
    'STILL OPEN AFTER 7 DAYS',
    fitLines(
      figures.staleOpen.map(
        (i) =>
          `  ${i.incidentId} ${i.severityLabel} ${i.type} on ${i.resourceKey}, open ${formatMinutes(i.ageMinutes)}, owner: ${i.owner ?? 'none'}`,
      ),
      20_000,
      0,
      50,
    ) || '  none',
    'MUTE RULES EXPIRING IN 7 DAYS',
    ...(figures.expiringMutes.length
      ? figures.expiringMutes.map((m) => `  ${m.id} ${m.type} on ${m.resource}, expires ${m.expiresAt ?? ''}`)
      : ['  none']),
    '',
    `Percentiles: ${PERCENTILE_METHOD}.`,
  ];
  return clean(out.join('\n'));
}

export interface DigestPreviewJson {
  title: string;
  scopeLabel: string;
  figures: DigestFigures;
  scorecard: Scorecard;
  message: DigestMessage;
}

/** What `--format json` prints: the figures, the scorecard and the exact Slack message. */
export function digestPreviewJson(
  figures: DigestFigures,
  scorecard: Scorecard,
  options: DigestMessageOptions,
): DigestPreviewJson {
  return {
    title: options.title,
    scopeLabel: options.scopeLabel,
    figures,
    scorecard,
    message: buildDigestBlocks(figures, scorecard, options),
  };
}
