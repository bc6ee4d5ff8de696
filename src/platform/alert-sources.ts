/**
 * Where an alert came from; config routes by it, so it lives on the ground floor. A GuardDuty
 * finding stays `guardduty` whichever way it arrives (directly, through Security Hub, or as a
 * Malware Protection for S3 scan result), so its runbooks and routes are the same.
 */
export const ALERT_SOURCES = [
  'guardduty',
  'cloudwatch-alarm',
  'cloudtrail-detection',
  /** Security Hub findings from every other product (Inspector, Macie, Access Analyzer, controls, third parties). */
  'securityhub',
  /** AWS Config rule compliance changes. */
  'config',
] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];
