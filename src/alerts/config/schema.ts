import { z } from 'zod';

/**
 * An AWS Config rule compliance change: the `detail` of the EventBridge "Config Rules
 * Compliance Change" event, and the same fields as the JSON Config publishes to its SNS topic
 * (`messageType: ComplianceChangeNotification`). Source: AWS Config developer guide,
 * example-config-rule-compliance-notification and monitor-config-with-cloudwatchevents.
 */

const text = z.string().nullish();

export const CONFIG_COMPLIANCE_TYPES = [
  'COMPLIANT',
  'NON_COMPLIANT',
  'NOT_APPLICABLE',
  'INSUFFICIENT_DATA',
] as const;

const evaluationSchema = z.looseObject({
  evaluationResultIdentifier: z
    .looseObject({
      evaluationResultQualifier: z
        .looseObject({ configRuleName: text, resourceType: text, resourceId: text })
        .nullish(),
      orderingTimestamp: text,
    })
    .nullish(),
  complianceType: z.enum(CONFIG_COMPLIANCE_TYPES),
  resultRecordedTime: text,
  configRuleInvokedTime: text,
  annotation: text,
});

export const configComplianceChangeSchema = z.looseObject({
  configRuleName: z.string().min(1),
  configRuleARN: text,
  awsAccountId: text,
  awsRegion: text,
  resourceType: text,
  resourceId: text,
  messageType: text,
  notificationCreationTime: text,
  newEvaluationResult: evaluationSchema,
  oldEvaluationResult: evaluationSchema.partial().nullish(),
});
export type ConfigComplianceChange = z.infer<typeof configComplianceChangeSchema>;
