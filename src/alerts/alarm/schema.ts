import { z } from 'zod';
import { ALARM_STATES } from '../alert.js';

/**
 * CloudWatch alarm state changes in their three delivery shapes: the JSON SNS publishes as
 * `Message` (PascalCase; source: aws-lambda-go cloudwatch-alarm-sns-payload testdata), the
 * EventBridge "CloudWatch Alarm State Change" `detail` (camelCase; source: CloudWatch user
 * guide, cloudwatch-and-eventbridge) and the event an alarm's Lambda action invokes a function
 * with, whose `alarmData` is that same detail (source: CloudWatch user guide,
 * alarms-and-actions-Lambda). Only the fields an alert uses are typed.
 */

const text = z.string().nullish();
const count = z.number().nullish();
const state = z.enum(ALARM_STATES);

const snsDimensions = z.array(z.looseObject({ name: text, value: text })).nullish();

export const alarmMessageSchema = z.looseObject({
  AlarmName: z.string().min(1),
  AlarmArn: text,
  AlarmDescription: text,
  AWSAccountId: text,
  NewStateValue: state,
  NewStateReason: text,
  StateChangeTime: text,
  Region: text,
  OldStateValue: text,
  Trigger: z
    .looseObject({
      MetricName: text,
      Namespace: text,
      Statistic: text,
      ExtendedStatistic: text,
      Dimensions: snsDimensions,
      Period: count,
      EvaluationPeriods: count,
      ComparisonOperator: text,
      Threshold: count,
      // Real messages carry "- TreatMissingData:                    missing".
      TreatMissingData: text,
      Metrics: z
        .array(
          z.looseObject({
            Id: text,
            Expression: text,
            Label: text,
            MetricStat: z
              .looseObject({
                Metric: z
                  .looseObject({ MetricName: text, Namespace: text, Dimensions: snsDimensions })
                  .nullish(),
                Period: count,
                Stat: text,
              })
              .nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
});
export type AlarmMessage = z.infer<typeof alarmMessageSchema>;

const eventState = z.looseObject({
  value: state,
  reason: text,
  // A JSON string inside the JSON; never needed to raise the alert, so it is not parsed.
  reasonData: z.unknown().optional(),
  timestamp: text,
  /** Composite alarms with a suppressor: `Alarm`, `WaitPeriod` or `ExtensionPeriod` while actions are held. */
  actionsSuppressedBy: text,
  actionsSuppressedReason: text,
});

export const alarmEventDetailSchema = z.looseObject({
  alarmName: z.string().min(1),
  state: eventState,
  previousState: z.looseObject({ value: text, timestamp: text }).nullish(),
  configuration: z
    .looseObject({
      description: text,
      /** Composite alarms have a rule instead of metrics. */
      alarmRule: text,
      /** The alarm whose ALARM state suppresses this composite alarm's actions. */
      actionsSuppressor: text,
      metrics: z
        .array(
          z.looseObject({
            id: text,
            expression: text,
            label: text,
            metricStat: z
              .looseObject({
                metric: z
                  .looseObject({
                    name: text,
                    namespace: text,
                    dimensions: z.record(z.string(), z.string()).nullish(),
                  })
                  .nullish(),
                period: count,
                stat: text,
              })
              .nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
});
export type AlarmEventDetail = z.infer<typeof alarmEventDetailSchema>;

/**
 * What an alarm's Lambda action invokes the function with, forwarded to the intake as it came:
 * `{source: "aws.cloudwatch", alarmArn, accountId, time, region, alarmData}`, where `alarmData`
 * is the EventBridge event's `detail` (metric alarms have `configuration.metrics`, composite
 * alarms `configuration.alarmRule`).
 */
export const alarmLambdaEventSchema = z.looseObject({
  source: z.literal('aws.cloudwatch'),
  alarmArn: text,
  accountId: text,
  time: text,
  region: text,
  alarmData: alarmEventDetailSchema,
});
export type AlarmLambdaEvent = z.infer<typeof alarmLambdaEventSchema>;
