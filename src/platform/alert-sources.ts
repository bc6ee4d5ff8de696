/** Where an alert came from; config routes by it, so it lives on the ground floor. */
export const ALERT_SOURCES = ['guardduty', 'cloudwatch-alarm', 'cloudtrail-detection'] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];
