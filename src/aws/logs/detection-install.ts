import { type CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { type CloudWatchLogsClient, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { AwsError } from '../../platform/errors.js';
import type { DetectionInstallPlan } from './install-plan.js';

/**
 * Sends an install plan: every metric filter first, then every alarm. Both calls are upserts,
 * so a run that failed half-way is fixed by running it again. The first failure stops the run
 * and becomes an AwsError naming the call, its target and, when AWS refused it, the IAM action.
 */

export interface DetectionInstallClients {
  readonly logs: CloudWatchLogsClient;
  readonly cloudwatch: CloudWatchClient;
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
      clients.logs.send(new PutMetricFilterCommand(input)),
    );
    metricFilters.push(String(input.filterName));
  }
  const alarms: string[] = [];
  for (const input of plan.alarms) {
    await send('CloudWatch', 'PutMetricAlarm', 'cloudwatch:PutMetricAlarm', `alarm ${input.AlarmName}`, () =>
      clients.cloudwatch.send(new PutMetricAlarmCommand(input)),
    );
    alarms.push(String(input.AlarmName));
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
