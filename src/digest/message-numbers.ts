import { SEVERITY_LABELS, severityBadge } from '../platform/severity.js';
import type { DigestFigures } from './figures.js';
import { medianWithLastWeek, withLastWeek } from './message-format.js';

/**
 * The week's key numbers as four short fields: incidents opened, opened by severity (with the
 * one colour scheme of every card), and the MTTA and MTTR medians, each beside last week's. A
 * figure with nothing behind it says so in words instead of showing zeros and dashes.
 */

export interface NumberField {
  readonly title: string;
  readonly body: string;
}

export function keyNumberFields(figures: DigestFigures): NumberField[] {
  const opened = figures.opened;
  const none = opened.total.current === 0;
  return [
    {
      title: 'Incidents opened',
      body:
        none && opened.total.previous === 0
          ? 'None this week or last'
          : none
            ? `None this week · last week ${opened.total.previous}`
            : withLastWeek(opened.total),
    },
    {
      title: 'By severity',
      body: none
        ? 'No incidents opened this week'
        : [...SEVERITY_LABELS]
            .reverse()
            .map((s) => `${severityBadge(s)} ${withLastWeek(opened.bySeverity[s])}`)
            .join('\n'),
    },
    {
      title: 'MTTA (median)',
      body:
        medianWithLastWeek(figures.mtta.overall, figures.mtta.previous, 'none acknowledged last week') ??
        'No incidents acknowledged this week',
    },
    {
      title: 'MTTR (median)',
      body:
        medianWithLastWeek(figures.mttr.overall, figures.mttr.previous, 'none resolved last week') ??
        'No incidents resolved this week',
    },
  ];
}
