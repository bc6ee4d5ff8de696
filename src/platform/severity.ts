/**
 * The one severity scale: config (routing, escalation, alarm severities), alerts and incidents
 * all speak it, so it lives on the ground floor.
 */

export const SEVERITY_LABELS = ['low', 'medium', 'high', 'critical'] as const;
export type SeverityLabel = (typeof SEVERITY_LABELS)[number];

/** GuardDuty's published bands: Low 1.0–3.9, Medium 4.0–6.9, High 7.0–8.9, Critical 9.0–10.0. */
export function severityLabel(score: number): SeverityLabel {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}

/** A representative score for a label, used when an alarm or detection is configured by label. */
export const SEVERITY_SCORE: Readonly<Record<SeverityLabel, number>> = {
  low: 2,
  medium: 5,
  high: 8,
  critical: 9.5,
};

/**
 * The one colour scheme for every place a person reads a severity (cards, `/incidents`, access
 * reviews, the digest, CLI text). Colours climb with severity, so 🔴 always means critical.
 */
export const SEVERITY_EMOJI: Readonly<Record<SeverityLabel, string>> = {
  critical: '🔴',
  high: '🟠',
  medium: '🟡',
  low: '🔵',
};

export const SEVERITY_NAME: Readonly<Record<SeverityLabel, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/** `🔴 Critical`: the badge shown wherever a severity is named. */
export function severityBadge(label: SeverityLabel): string {
  return `${SEVERITY_EMOJI[label]} ${SEVERITY_NAME[label]}`;
}
