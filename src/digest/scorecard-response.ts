import { SEVERITY_LABELS, type SeverityLabel } from '../alerts/alert.js';
import { type Checked, isCouldNotCheck } from '../aws/posture/port.js';
import { plural } from '../slack/blocks/text.js';
import type { DigestFigures } from './figures.js';
import { decideLine, type Finding, listSome, percent, type ScorecardLine } from './scorecard-line.js';
import { THRESHOLDS } from './scorecard-rules.js';

/**
 * Rule (see `rules` in scorecard-rules.ts): criticals waiting past target or a critical median
 * MTTA above target are at-risk; any other median above target, a critical waiting within
 * target, or low runbook coverage needs attention.
 */

/** Acknowledgement targets in minutes, per severity. */
export type MttaTargets = Readonly<Record<SeverityLabel, number>>;

function minutes(value: number): string {
  if (value < 60) return `${Math.round(value)}m`;
  const hours = Math.floor(value / 60);
  const rest = Math.round(value - hours * 60);
  return rest ? `${hours}h ${rest}m` : `${hours}h`;
}

export function incidentResponseLine(figures: Checked<DigestFigures>, targets: MttaTargets): ScorecardLine {
  const area = 'Incident response' as const;
  const goodAction = 'Keep acknowledging within target; add runbooks for new finding types as they appear.';
  if (isCouldNotCheck(figures)) {
    return decideLine({
      area,
      figure: 'Incident history unavailable.',
      findings: [],
      unknowns: [figures],
      goodAction,
    });
  }
  const findings: Finding[] = [];
  const late = figures.unacknowledgedCriticals.filter((i) => i.ageMinutes > targets.critical);
  const waiting = figures.unacknowledgedCriticals.length - late.length;
  if (late.length) {
    findings.push({
      status: 'at-risk',
      action: `Acknowledge ${listSome(late.map((i) => i.incidentId))}: critical and waiting past the ${minutes(targets.critical)} target.`,
    });
  }
  const overTarget: SeverityLabel[] = [];
  const mttaParts: string[] = [];
  for (const severity of [...SEVERITY_LABELS].reverse()) {
    const median = figures.mtta.bySeverity[severity].medianMinutes;
    if (median === null) continue;
    mttaParts.push(`${severity} ${minutes(median)}/${minutes(targets[severity])}`);
    if (median > targets[severity]) overTarget.push(severity);
  }
  if (overTarget.includes('critical')) {
    findings.push({
      status: 'at-risk',
      action: 'Critical MTTA is over target: check paging and the escalation policy.',
    });
  }
  const nonCritical = overTarget.filter((s) => s !== 'critical');
  if (nonCritical.length) {
    findings.push({
      status: 'needs-attention',
      action: `Median MTTA is over target for ${nonCritical.join(', ')}: check routing and on-call cover.`,
    });
  }
  if (waiting > 0) {
    findings.push({
      status: 'needs-attention',
      action: `Acknowledge the ${plural(waiting, 'critical incident')} still waiting (${listSome(
        figures.unacknowledgedCriticals
          .filter((i) => i.ageMinutes <= targets.critical)
          .map((i) => i.incidentId),
      )}).`,
    });
  }
  const { withSpecific, total } = figures.runbooks;
  if (total > 0 && withSpecific / total < THRESHOLDS.specificRunbookShare) {
    findings.push({
      status: 'needs-attention',
      action: `Write runbooks for the most frequent finding types (${listSome(figures.noisiestTypes.items.map((t) => t.key))}).`,
    });
  }
  const mttaText = mttaParts.length
    ? `median MTTA vs target: ${mttaParts.join(', ')}`
    : 'no incident acknowledged this week';
  const figure =
    `${mttaText.charAt(0).toUpperCase()}${mttaText.slice(1)}; specific runbook for ${withSpecific} of ${total} (${percent(withSpecific, total)}); ` +
    `unacknowledged criticals: ${figures.unacknowledgedCriticals.length}.`;
  const unacked = figures.unacknowledgedCriticals.length;
  const summary = unacked
    ? `${plural(unacked, 'critical incident')} not acknowledged`
    : !mttaParts.length
      ? 'No incident acknowledged this week'
      : overTarget.length
        ? `Median MTTA over target for ${overTarget.join(', ')}`
        : 'Median MTTA within target';
  return decideLine({ area, figure, summary, findings, unknowns: [], goodAction });
}
