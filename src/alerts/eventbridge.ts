import { z } from 'zod';

/**
 * The EventBridge envelope every event shares. `detail` is parsed by the normalizer of its
 * `detail-type`. Source: EventBridge event structure (version, id, detail-type, source, account,
 * time, region, resources, detail).
 */
export const eventBridgeEnvelopeSchema = z.looseObject({
  'detail-type': z.string(),
  source: z.string().nullish(),
  account: z.string().nullish(),
  region: z.string().nullish(),
  time: z.string().nullish(),
  resources: z.array(z.string()).nullish(),
  detail: z.record(z.string(), z.unknown()),
});
export type EventBridgeEnvelope = z.infer<typeof eventBridgeEnvelopeSchema>;

export const DETAIL_TYPES = {
  guardDutyFinding: 'GuardDuty Finding',
  alarmStateChange: 'CloudWatch Alarm State Change',
  cloudTrailApiCall: 'AWS API Call via CloudTrail',
  /** ConsoleLogin events arrive under their own detail-type. */
  cloudTrailConsoleSignIn: 'AWS Console Sign In via CloudTrail',
  /** Security Hub CSPM (ASFF findings). Source: Security Hub user guide, securityhub-cwe-event-formats. */
  securityHubFindingsImported: 'Security Hub Findings - Imported',
  /** Security Hub (OCSF findings). Source: Security Hub user guide, securityhub-v2-cwe-event-formats. */
  securityHubFindingsImportedV2: 'Findings Imported V2',
  /** Source: AWS Config developer guide, monitor-config-with-cloudwatchevents. */
  configComplianceChange: 'Config Rules Compliance Change',
  /** Source: GuardDuty user guide, monitor-with-eventbridge-s3-malware-protection. */
  malwareObjectScanResult: 'GuardDuty Malware Protection Object Scan Result',
} as const;

export const CLOUDTRAIL_DETAIL_TYPES: readonly string[] = [
  DETAIL_TYPES.cloudTrailApiCall,
  DETAIL_TYPES.cloudTrailConsoleSignIn,
];
