import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { AwsError } from '../../platform/errors.js';

/**
 * Sends an install plan: every metric filter first, then every alarm. Both calls are upserts,
 * so a run that failed half-way is fixed by running it again. The first failure stops the run
 * and becomes an AwsError naming the call, its target and, when AWS refused it, the IAM action.
 */

/**
 * What `detections install` sends (planned by src/alerts/detections/install-plan.ts): the fields
 * of PutMetricFilter and PutMetricAlarm that the plan sets, spelled as the SDK spells them.
 */
export interface MetricFilterInput {
  readonly logGroupName: string;
  readonly filterName: string;
  readonly filterPattern: string;
  readonly metricTransformations: ReadonlyArray<{
    readonly metricName: string;
    readonly metricNamespace: string;
    readonly metricValue: string;
  }>;
}

export interface MetricAlarmInput {
  readonly AlarmName: string;
  readonly AlarmDescription: string;
  readonly ActionsEnabled: boolean;
  readonly AlarmActions: readonly string[];
  readonly MetricName: string;
  readonly Namespace: string;
  readonly Statistic: 'Sum';
  readonly Period: number;
  readonly EvaluationPeriods: number;
  readonly Threshold: number;
  readonly ComparisonOperator: 'GreaterThanOrEqualToThreshold';
  readonly TreatMissingData: 'notBreaching';
}

export interface DetectionInstallPlan {
  readonly logGroup: string;
  readonly snsTopicArn: string;
  readonly metricFilters: readonly MetricFilterInput[];
  readonly alarms: readonly MetricAlarmInput[];
}

export interface DetectionInstallClients {
  readonly logs: CloudWatchLogsClient;
  readonly cloudwatch: CloudWatchClient;
}

/**
 * The operator's own clients (`watchkeeper detections install` runs with the caller's
 * credentials, not the bot's role), in the given region or the SDK's default chain's.
 */
export function sdkDetectionInstallClients(region?: string): DetectionInstallClients {
  const options = { ...(region ? { region } : {}), retryMode: 'adaptive' } as const;
  return { logs: new CloudWatchLogsClient(options), cloudwatch: new CloudWatchClient(options) };
}

export interface DetectionInstallResult {
  readonly metricFilters: readonly string[];
  readonly alarms: readonly string[];
}

const DENIED = /AccessDenied|UnauthorizedOperation|AuthorizationError|NotAuthorized/i;

export async function executeDetectionInstall(
  plan: DetectionInstallPlan,
  clients: DetectionInstallClients,
): Promise<DetectionInstallResult> {
  const metricFilters: string[] = [];
  for (const input of plan.metricFilters) {
    const target = `metric filter ${input.filterName} on log group ${input.logGroupName}`;
    await send('CloudWatch Logs', 'PutMetricFilter', 'logs:PutMetricFilter', target, () =>
      clients.logs.send(
        new PutMetricFilterCommand({ ...input, metricTransformations: [...input.metricTransformations] }),
      ),
    );
    metricFilters.push(input.filterName);
  }
  const alarms: string[] = [];
  for (const input of plan.alarms) {
    await send('CloudWatch', 'PutMetricAlarm', 'cloudwatch:PutMetricAlarm', `alarm ${input.AlarmName}`, () =>
      clients.cloudwatch.send(new PutMetricAlarmCommand({ ...input, AlarmActions: [...input.AlarmActions] })),
    );
    alarms.push(input.AlarmName);
  }
  return { metricFilters, alarms };
}

async function send(
  service: string,
  operation: string,
  action: string,
  target: string,
  call: () => Promise<unknown>,
): Promise<void> {
  try {
    await call();
  } catch (error) {
    const awsCode = errorCode(error);
    throw new AwsError({
      service,
      operation,
      awsCode,
      target,
      cause: error,
      ...(DENIED.test(awsCode) ? { missingAction: action } : {}),
    });
  }
}

/** SDK v3 service exceptions carry the AWS error code as `name`. */
function errorCode(error: unknown): string {
  if (error instanceof Error && error.name && error.name !== 'Error') return error.name;
  return 'UnknownError';
}
