import { z } from 'zod';

/**
 * What every intake path hands to `acceptInputs` (accept.ts) before it answers its sender: the
 * raw input as received, untouched. `acceptInputs` normalizes it in the same request and stores
 * the alerts on the `alerts` queue; an input no normalizer accepts is dead-lettered whole, so an
 * operator can replay it after a fix.
 */
export const INTAKE_KINDS = [
  /** One finding from GuardDuty GetFindings (SDK v3, PascalCase), from the sync workflow. */
  'guardduty-sdk-finding',
  /** One ASFF finding from Security Hub GetFindings, from the Security Hub sync. */
  'securityhub-asff-finding',
  /** One EventBridge event (GuardDuty Finding, CloudWatch Alarm State Change, AWS API Call via CloudTrail). */
  'eventbridge-event',
  /**
   * A Lambda SNS event (`{"Records": [{"Sns": {...}}]}`) an existing SNS-to-Slack Lambda forwards
   * to the EventBridge endpoint (same API key) instead of posting to Slack.
   */
  'lambda-sns-event',
  /** One SNS Notification envelope (its Message is a JSON string, e.g. a CloudWatch alarm). */
  'sns-notification',
  /** A CloudTrail record matched by a detection in poll or alarm mode; `detectionId` says which. */
  'cloudtrail-detection',
  /** Anything given to `watchkeeper alert`/replay: shape detected at normalization. */
  'unknown',
] as const;
export type IntakeKind = (typeof INTAKE_KINDS)[number];

export const intakeJobSchema = z.object({
  kind: z.enum(INTAKE_KINDS),
  /** ISO-8601 time Watchkeeper received it. */
  receivedAt: z.string(),
  /** Where it came from, for the dead-letter list: `sns`, `eventbridge`, `guardduty-sync/<account>/<region>`. */
  origin: z.string(),
  payload: z.unknown(),
  /** For `cloudtrail-detection`: the detection that matched, and the other matched records. */
  detectionId: z.string().optional(),
});
export type IntakeJob = z.infer<typeof intakeJobSchema>;
