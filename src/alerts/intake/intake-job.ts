import { z } from 'zod';

/**
 * What every intake path puts on the `intake` queue before it answers its sender: the raw input
 * as received, untouched, so a normalizer failure can dead-letter it whole and an operator can
 * replay it after a fix. Normalization happens in the intake worker, never in the HTTP handler.
 */
export const INTAKE_KINDS = [
  /** One finding from GuardDuty GetFindings (SDK v3, PascalCase), from the sync workflow. */
  'guardduty-sdk-finding',
  /** One EventBridge event (GuardDuty Finding, CloudWatch Alarm State Change, AWS API Call via CloudTrail). */
  'eventbridge-event',
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
