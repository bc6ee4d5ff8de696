/**
 * Every input shape the normalizers accept, with the name an error message uses for it. The
 * keys are stable (logs, dead-letter entries, tests); the labels are for people.
 */
export const INPUT_SHAPE_LABELS = {
  'guardduty-sdk-finding': 'GuardDuty finding (SDK v3 GetFindings, PascalCase)',
  'guardduty-finding': 'GuardDuty finding (API/EventBridge camelCase)',
  'guardduty-get-findings-response': 'GuardDuty GetFindings response',
  'eventbridge-guardduty-finding': 'EventBridge "GuardDuty Finding" event',
  'eventbridge-alarm-state-change': 'EventBridge "CloudWatch Alarm State Change" event',
  'eventbridge-cloudtrail': 'EventBridge CloudTrail event ("AWS API Call via CloudTrail")',
  'sns-notification': 'SNS Notification',
  'sns-subscription-message': 'SNS subscription message',
  'cloudwatch-alarm-message': 'CloudWatch alarm message (the JSON SNS carries)',
  'cloudwatch-alarm-lambda-event': 'CloudWatch alarm Lambda action event ({"alarmData": {...}})',
  'cloudtrail-record': 'CloudTrail record',
  'cloudtrail-log-file': 'CloudTrail log file ({"Records": [...]})',
  'lambda-sns-event': 'Lambda SNS event ({"Records": [{"Sns": {...}}]})',
  'securityhub-asff-finding': 'Security Hub finding (ASFF)',
  'securityhub-get-findings-response': 'Security Hub GetFindings response ({"Findings": [...]})',
  'eventbridge-securityhub-findings': 'EventBridge "Security Hub Findings - Imported" event',
  'securityhub-ocsf-finding': 'Security Hub finding (OCSF)',
  'eventbridge-securityhub-ocsf-findings': 'EventBridge "Findings Imported V2" event (Security Hub OCSF)',
  'eventbridge-config-compliance-change': 'EventBridge "Config Rules Compliance Change" event',
  'config-compliance-notification': 'AWS Config compliance change notification (the JSON SNS carries)',
  'eventbridge-malware-scan-result': 'EventBridge "GuardDuty Malware Protection Object Scan Result" event',
} as const;

export type InputShape = keyof typeof INPUT_SHAPE_LABELS;

export function shapeLabel(shape: InputShape): string {
  return INPUT_SHAPE_LABELS[shape];
}
