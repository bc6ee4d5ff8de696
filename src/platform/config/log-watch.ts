import { z } from 'zod';

/**
 * Config for CloudTrail detections read from CloudWatch Logs: poll mode (`logWatch`) and the
 * log groups alarm-mode enrichment searches (`alarmMode`). The composition root adds both keys
 * to the global config schema; defaults keep poll mode off until log groups are configured.
 */

const awsAccountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id');
const awsRegion = z
  .string()
  .regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'expected an AWS region like eu-west-1');
/** CloudWatch Logs log group names: 1–512 of `[.\-_/#A-Za-z0-9]`. */
const logGroupName = z
  .string()
  .regex(/^[.\-_/#A-Za-z0-9]{1,512}$/, 'expected a CloudWatch Logs log group name like aws-cloudtrail-logs');

export const cloudTrailLogGroupSchema = z.strictObject({
  accountId: awsAccountId,
  region: awsRegion,
  /** The log group the trail delivers to (trail setting CloudWatchLogsLogGroupArn). */
  logGroupName,
});
export type CloudTrailLogGroup = z.infer<typeof cloudTrailLogGroupSchema>;

export const logWatchSchema = z.strictObject({
  /** Poll the log groups with every detection's pattern. @defaultValue false */
  enabled: z.boolean().default(false),
  intervalSeconds: z.coerce.number().int().min(10).default(60),
  /** How far back the first run of each detection looks. */
  backfillMinutes: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
  /**
   * CloudTrail delivers to CloudWatch Logs minutes after the call; a window ending this long
   * before now is unlikely to gain late events after the cursor has passed it.
   */
  deliveryDelaySeconds: z.coerce.number().int().min(0).max(3600).default(300),
  /** Shared by poll and alarm mode per account and region; FilterLogEvents allows 5 TPS. */
  requestsPerSecond: z.coerce.number().positive().max(5).default(4),
  logGroups: z.array(cloudTrailLogGroupSchema).default([]),
});
export type LogWatchConfig = z.infer<typeof logWatchSchema>;

export const alarmModeSchema = z.strictObject({
  /** Alarm metric name -> detection id, for alarms built by hand with their own metric names. */
  metricMapping: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** Window searched when the alarm does not say its period and evaluation periods. */
  lookbackMinutes: z.coerce.number().int().min(1).max(1440).default(15),
  logGroups: z.array(cloudTrailLogGroupSchema).default([]),
});
export type AlarmModeConfig = z.infer<typeof alarmModeSchema>;

/** The log group configured for an account and region, if any. */
export function logGroupLookup(
  groups: readonly CloudTrailLogGroup[],
): (accountId: string, region: string) => string | undefined {
  return (accountId, region) =>
    groups.find((g) => g.accountId === accountId && g.region === region)?.logGroupName;
}
