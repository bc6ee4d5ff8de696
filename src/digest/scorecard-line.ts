import type { CouldNotCheck } from '../aws/posture/port.js';

/**
 * One scorecard line and the single rule every line follows to pick its status:
 *   1. a line's status is the worst of its findings (at-risk > needs-attention);
 *   2. with no finding, a line where any check could not run is could-not-check, never good,
 *      and names the missing IAM permission(s);
 *   3. otherwise it is good.
 * Checks that could not run are named even on a line that is at-risk or needs-attention.
 */

export const SCORECARD_AREAS = [
  'Identity and access',
  'Data protection',
  'Logging and monitoring',
  'Incident response',
  'Documentation and ownership',
] as const;
export type ScorecardArea = (typeof SCORECARD_AREAS)[number];

export const SCORECARD_STATUSES = ['good', 'needs-attention', 'at-risk', 'could-not-check'] as const;
export type ScorecardStatus = (typeof SCORECARD_STATUSES)[number];

export interface ScorecardLine {
  area: ScorecardArea;
  status: ScorecardStatus;
  figure: string;
  /**
   * The figure in a few words for the digest's one-line-per-area view ("2 of 3 buckets have
   * public access not blocked"); the full figure stays in the text preview and JSON.
   */
  summary?: string;
  nextAction: string;
  /** Comma-separated IAM actions, when a check could not run because AWS refused one. */
  missingPermission?: string;
}

export interface Finding {
  status: 'at-risk' | 'needs-attention';
  action: string;
}

export interface Assessment {
  area: ScorecardArea;
  figure: string;
  /** See {@link ScorecardLine.summary}. */
  summary?: string;
  findings: readonly Finding[];
  unknowns: readonly CouldNotCheck[];
  /** What to do when everything is fine: keep it that way, concretely. */
  goodAction: string;
}

function distinct(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))];
}

export function decideLine(assessment: Assessment): ScorecardLine {
  const permissions = distinct(assessment.unknowns.map((u) => u.missingPermission));
  const reasons = distinct(assessment.unknowns.map((u) => u.reason));
  const unknownNote = reasons.length
    ? ` Could not check: ${reasons.slice(0, 2).join('; ')}${reasons.length > 2 ? ` (and ${reasons.length - 2} more)` : ''}.`
    : '';
  const base = {
    area: assessment.area,
    figure: `${assessment.figure}${unknownNote}`,
    ...(assessment.summary ? { summary: assessment.summary } : {}),
    ...(permissions.length ? { missingPermission: permissions.join(', ') } : {}),
  };
  const worst =
    assessment.findings.find((f) => f.status === 'at-risk') ??
    assessment.findings.find((f) => f.status === 'needs-attention');
  if (worst) return { ...base, status: worst.status, nextAction: worst.action };
  if (assessment.unknowns.length) {
    const nextAction = permissions.length
      ? `Grant Watchkeeper's role ${permissions.join(', ')} (deploy/iam-policy.json), then re-run the digest.`
      : `Make the check possible (${reasons[0] ?? 'see the log'}), then re-run the digest.`;
    return { ...base, status: 'could-not-check', nextAction };
  }
  return { ...base, status: 'good', nextAction: assessment.goodAction };
}

/** "a, b, c and 4 more" for names inside a figure or action. */
export function listSome(names: readonly string[], max = 3): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? 'n/a' : `${Math.round((part / whole) * 100)}%`;
}
