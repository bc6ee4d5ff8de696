import type {
  DetectionInstallPlan,
  MetricAlarmInput,
  MetricFilterInput,
} from '../../aws/logs/detection-install.js';
import { InputError, type Problem } from '../../platform/errors.js';
import type { Catalog, Detection } from './catalog.js';

/**
 * What `detections install` would create: one metric filter on the CloudTrail log group and
 * one alarm per detection, the setup CIS and Security Hub describe (metric value 1; alarm on
 * Sum >= 1 over 300 s, notifying an SNS topic). Pure; src/aws/logs/detection-install.ts sends
 * it.
 */

export interface DetectionInstallOptions {
  readonly catalog: Catalog;
  /** The CloudWatch Logs log group CloudTrail delivers to (its name, not its ARN). */
  readonly logGroup: string;
  /** The topic the alarms notify (Watchkeeper's SNS intake subscribes to it). */
  readonly snsTopicArn: string;
  /** Puts every metric in this namespace instead of each detection's own. */
  readonly namespace?: string;
  /** Alarm period in seconds. @defaultValue 300 */
  readonly period?: number;
  /** Prefix of filter and alarm names, so Watchkeeper's own are easy to find. @defaultValue `watchkeeper-` */
  readonly namePrefix?: string;
}

export const DEFAULT_ALARM_PERIOD_SECONDS = 300;
export const DEFAULT_NAME_PREFIX = 'watchkeeper-';

const LOG_GROUP_NAME = /^[A-Za-z0-9._\-/#]{1,512}$/;
const SNS_TOPIC_ARN =
  /^arn:aws(?:-[a-z]+)*:sns:[a-z]{2}(?:-[a-z]+)+-\d+:\d{12}:[A-Za-z0-9_-]{1,256}(?:\.fifo)?$/;
const NAME_PREFIX = /^[A-Za-z0-9._\-/#]{0,64}$/;

export function planDetectionInstall(options: DetectionInstallOptions): DetectionInstallPlan {
  const problems = optionProblems(options);
  if (problems.length) throw new InputError('Detection install options are invalid', problems);
  const period = options.period ?? DEFAULT_ALARM_PERIOD_SECONDS;
  const prefix = options.namePrefix ?? DEFAULT_NAME_PREFIX;
  const detections = options.catalog.detections;
  return {
    logGroup: options.logGroup,
    snsTopicArn: options.snsTopicArn,
    metricFilters: detections.map((d) => metricFilterInput(d, options.logGroup, prefix, options.namespace)),
    alarms: detections.map((d) => alarmInput(d, options.snsTopicArn, prefix, period, options.namespace)),
  };
}

function metricFilterInput(
  detection: Detection,
  logGroup: string,
  prefix: string,
  namespace: string | undefined,
): MetricFilterInput {
  return {
    logGroupName: logGroup,
    filterName: `${prefix}${detection.id}`,
    filterPattern: detection.filterPattern,
    metricTransformations: [
      {
        metricName: detection.metricName,
        metricNamespace: namespace ?? detection.metricNamespace,
        metricValue: '1',
      },
    ],
  };
}

function alarmInput(
  detection: Detection,
  topicArn: string,
  prefix: string,
  period: number,
  namespace: string | undefined,
): MetricAlarmInput {
  return {
    AlarmName: `${prefix}${detection.id}`,
    AlarmDescription:
      `${detection.title} (${detection.control}). Watchkeeper detection ${detection.id}, runbook ${detection.runbookId}.`.slice(
        0,
        1024,
      ),
    ActionsEnabled: true,
    AlarmActions: [topicArn],
    MetricName: detection.metricName,
    Namespace: namespace ?? detection.metricNamespace,
    Statistic: 'Sum',
    Period: period,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    // No matching events means no data points: that is the quiet, healthy state.
    TreatMissingData: 'notBreaching',
  };
}

function optionProblems(options: DetectionInstallOptions): Problem[] {
  const problems: Problem[] = [];
  if (options.logGroup.startsWith('arn:')) {
    problems.push({
      path: 'logGroup',
      message: 'is an ARN; PutMetricFilter takes the log group name',
      fix: 'give the name, e.g. aws-cloudtrail-logs-123456789012',
    });
  } else if (!LOG_GROUP_NAME.test(options.logGroup)) {
    problems.push({
      path: 'logGroup',
      message: `${JSON.stringify(options.logGroup)} is not a log group name (1-512 of letters, digits, . _ - / #)`,
    });
  }
  if (!SNS_TOPIC_ARN.test(options.snsTopicArn)) {
    problems.push({
      path: 'snsTopicArn',
      message: `${JSON.stringify(options.snsTopicArn)} is not an SNS topic ARN`,
      fix: 'use arn:aws:sns:<region>:<12-digit account>:<topic name>',
    });
  }
  if (options.namespace !== undefined && !/^[^:][\s\S]{0,254}$/.test(options.namespace)) {
    problems.push({ path: 'namespace', message: 'must be 1-255 characters and not start with a colon' });
  } else if (options.namespace?.startsWith('AWS/')) {
    problems.push({ path: 'namespace', message: 'must not start with AWS/ (reserved for AWS services)' });
  }
  const period = options.period;
  if (
    period !== undefined &&
    !(Number.isInteger(period) && period >= 60 && period <= 86_400 && period % 60 === 0)
  ) {
    problems.push({
      path: 'period',
      message: `${period} is not a whole number of minutes between 60 and 86400 seconds`,
    });
  }
  if (options.namePrefix !== undefined && !NAME_PREFIX.test(options.namePrefix)) {
    problems.push({ path: 'namePrefix', message: 'must be at most 64 of letters, digits, . _ - / #' });
  }
  if (options.catalog.detections.length === 0) {
    problems.push({ path: 'catalog', message: 'has no detections to install' });
  }
  return problems;
}
