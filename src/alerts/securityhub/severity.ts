import { SEVERITY_SCORE, type SeverityLabel, severityLabel } from '../alert.js';
import type { AsffFinding } from './schema.js';

/**
 * A finding's severity on Watchkeeper's 0–10 scale, from the product's own:
 * - GuardDuty's own score (`Severity.Product`, or the `Original` it reports) is GuardDuty's score
 *   itself, so a finding that also arrives directly gets the same number both ways;
 * - otherwise `Severity.Normalized` (0–100) / 10, kept inside the band of `Severity.Label`
 *   (the label is what Security Hub shows, so it wins when the two disagree);
 * - `INFORMATIONAL` is below every band: undefined (no incident).
 */

const LABEL_BAND: Readonly<Record<string, { label: SeverityLabel; min: number; max: number }>> = {
  LOW: { label: 'low', min: 0.1, max: 3.9 },
  MEDIUM: { label: 'medium', min: 4, max: 6.9 },
  HIGH: { label: 'high', min: 7, max: 8.9 },
  CRITICAL: { label: 'critical', min: 9, max: 10 },
};

export interface FindingSeverity {
  readonly score: number;
  readonly label: SeverityLabel;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * The product's own 0–10 score: `Severity.Product` (deprecated in ASFF but still sent), else the
 * numeric `Severity.Original` or `FindingProviderFields.Severity.Original` (GuardDuty writes "8").
 */
function productScore(finding: Pick<AsffFinding, 'Severity' | 'FindingProviderFields'>): number | undefined {
  const candidates = [
    finding.Severity?.Product,
    Number.parseFloat(finding.Severity?.Original ?? ''),
    Number.parseFloat(finding.FindingProviderFields?.Severity?.Original ?? ''),
  ];
  return candidates.find((n): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0);
}

export function asffSeverity(
  finding: Pick<AsffFinding, 'Severity' | 'FindingProviderFields'>,
  fromProductScore: boolean,
): FindingSeverity | undefined {
  const severity = finding.Severity;
  const product = fromProductScore ? productScore(finding) : undefined;
  if (product !== undefined) {
    const score = clamp(product, 0, 10);
    return { score, label: severityLabel(score) };
  }
  const label = severity?.Label;
  const normalized = severity?.Normalized;
  if (label === 'INFORMATIONAL') return undefined;
  const band = label ? LABEL_BAND[label] : undefined;
  if (band) {
    const score =
      typeof normalized === 'number'
        ? clamp(normalized / 10, band.min, band.max)
        : SEVERITY_SCORE[band.label];
    return { score, label: band.label };
  }
  // Label is required in current ASFF; older findings may carry only Normalized.
  if (typeof normalized === 'number' && normalized > 0) {
    const score = clamp(normalized / 10, 0, 10);
    return { score, label: severityLabel(score) };
  }
  return undefined;
}

/** OCSF `severity_id`: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical, 6 Fatal. */
const OCSF_SEVERITY: Readonly<Record<number, FindingSeverity>> = {
  2: { score: SEVERITY_SCORE.low, label: 'low' },
  3: { score: SEVERITY_SCORE.medium, label: 'medium' },
  4: { score: SEVERITY_SCORE.high, label: 'high' },
  5: { score: SEVERITY_SCORE.critical, label: 'critical' },
  6: { score: 10, label: 'critical' },
};

const OCSF_SEVERITY_NAMES: Readonly<Record<string, number>> = {
  low: 2,
  medium: 3,
  high: 4,
  critical: 5,
  fatal: 6,
};

export function ocsfSeverity(
  severityId: number | null | undefined,
  severityName: string | null | undefined,
): FindingSeverity | undefined {
  const id = severityId ?? OCSF_SEVERITY_NAMES[(severityName ?? '').toLowerCase()];
  return id === undefined ? undefined : OCSF_SEVERITY[id];
}
