import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/alerts/detections/catalog.js';
import { loadDetectionCatalog } from '../../../src/alerts/detections/catalog-loader.js';
import { formatInstallPlan } from '../../../src/alerts/detections/install-dry-run.js';
import { planDetectionInstall } from '../../../src/alerts/detections/install-plan.js';
import { executeDetectionInstall } from '../../../src/aws/logs/detection-install.js';
import { AwsError, ErrorCode, InputError } from '../../../src/platform/errors.js';

const TOPIC = 'arn:aws:sns:eu-west-1:210987654321:watchkeeper-alarms';
const LOG_GROUP = 'aws-cloudtrail-logs-210987654321-org';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadDetectionCatalog();
});

const logsMock = mockClient(CloudWatchLogsClient);
const cloudwatchMock = mockClient(CloudWatchClient);
afterEach(() => {
  logsMock.reset();
  cloudwatchMock.reset();
});

const clients = () => ({
  logs: new CloudWatchLogsClient({ region: 'eu-west-1' }),
  cloudwatch: new CloudWatchClient({ region: 'eu-west-1' }),
});

describe('planDetectionInstall', () => {
  it('plans one metric filter and one alarm per detection', () => {
    const plan = planDetectionInstall({ catalog, logGroup: LOG_GROUP, snsTopicArn: TOPIC });
    expect(plan.metricFilters).toHaveLength(15);
    expect(plan.alarms).toHaveLength(15);
  });

  it('puts the exact published pattern in each metric filter, metric value 1', () => {
    const plan = planDetectionInstall({ catalog, logGroup: LOG_GROUP, snsTopicArn: TOPIC });
    const root = catalog.byId.get('cis-root-account-usage');
    expect(plan.metricFilters.find((f) => f.filterName === 'watchkeeper-cis-root-account-usage')).toEqual({
      logGroupName: LOG_GROUP,
      filterName: 'watchkeeper-cis-root-account-usage',
      filterPattern: root?.filterPattern,
      metricTransformations: [
        { metricName: 'root_usage_metric', metricNamespace: 'CISBenchmark', metricValue: '1' },
      ],
    });
  });

  it('alarms on Sum >= 1 over 300 s, notifying the topic, with missing data not breaching', () => {
    const plan = planDetectionInstall({ catalog, logGroup: LOG_GROUP, snsTopicArn: TOPIC });
    expect(plan.alarms.find((a) => a.AlarmName === 'watchkeeper-cis-cloudtrail-config-changes')).toEqual({
      AlarmName: 'watchkeeper-cis-cloudtrail-config-changes',
      AlarmDescription:
        'CloudTrail configuration changes (CloudWatch.5). Watchkeeper detection cis-cloudtrail-config-changes, runbook runbook-cis-cloudtrail-config-changes.',
      ActionsEnabled: true,
      AlarmActions: [TOPIC],
      MetricName: 'cloudtrail_cfg_changes_metric',
      Namespace: 'CISBenchmark',
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it('applies a namespace, period and name prefix override to every filter and alarm', () => {
    const plan = planDetectionInstall({
      catalog,
      logGroup: LOG_GROUP,
      snsTopicArn: TOPIC,
      namespace: 'LogMetrics',
      period: 60,
      namePrefix: 'sec-',
    });
    expect(
      plan.metricFilters.every((f) => f.metricTransformations?.[0]?.metricNamespace === 'LogMetrics'),
    ).toBe(true);
    expect(plan.alarms.every((a) => a.Namespace === 'LogMetrics' && a.Period === 60)).toBe(true);
    expect(plan.alarms[0]?.AlarmName).toMatch(/^sec-cis-/);
  });

  it('names every invalid option at once', () => {
    let error: unknown;
    try {
      planDetectionInstall({
        catalog,
        logGroup: 'arn:aws:logs:eu-west-1:210987654321:log-group:trail',
        snsTopicArn: 'arn:aws:sqs:eu-west-1:210987654321:queue',
        namespace: 'AWS/Logs',
        period: 90,
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((p) => p.path)).toEqual([
      'logGroup',
      'snsTopicArn',
      'namespace',
      'period',
    ]);
  });

  it.each([
    ['a GovCloud topic', 'arn:aws-us-gov:sns:us-gov-west-1:210987654321:alarms'],
    ['a China topic', 'arn:aws-cn:sns:cn-north-1:210987654321:alarms'],
    ['a FIFO topic name', 'arn:aws:sns:eu-west-1:210987654321:alarms.fifo'],
  ])('accepts %s', (_name, arn) => {
    expect(() =>
      planDetectionInstall({ catalog, logGroup: '/aws/cloudtrail/org#1', snsTopicArn: arn }),
    ).not.toThrow();
  });

  it.each([
    ['a log group name with spaces', 'cloud trail', TOPIC],
    ['a topic ARN with a short account id', LOG_GROUP, 'arn:aws:sns:eu-west-1:2109:alarms'],
    ['a topic ARN without a region', LOG_GROUP, 'arn:aws:sns::210987654321:alarms'],
  ])('rejects %s', (_name, logGroup, snsTopicArn) => {
    expect(() => planDetectionInstall({ catalog, logGroup, snsTopicArn })).toThrow(InputError);
  });
});

describe('executeDetectionInstall', () => {
  it('sends every PutMetricFilter, then every PutMetricAlarm, with the planned inputs', async () => {
    logsMock.on(PutMetricFilterCommand).resolves({});
    cloudwatchMock.on(PutMetricAlarmCommand).resolves({});
    const plan = planDetectionInstall({ catalog, logGroup: LOG_GROUP, snsTopicArn: TOPIC });
    const result = await executeDetectionInstall(plan, clients());
    expect(logsMock.commandCalls(PutMetricFilterCommand).map((c) => c.args[0].input)).toEqual(
      plan.metricFilters,
    );
    expect(cloudwatchMock.commandCalls(PutMetricAlarmCommand).map((c) => c.args[0].input)).toEqual(
      plan.alarms,
    );
    expect(result.metricFilters).toHaveLength(15);
    expect(result.alarms[0]).toBe(plan.alarms[0]?.AlarmName);
  });

  it('turns AccessDenied on PutMetricFilter into an AwsError naming logs:PutMetricFilter, and stops', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform: logs:PutMetricFilter'), {
      name: 'AccessDeniedException',
    });
    logsMock.on(PutMetricFilterCommand).rejects(denied);
    cloudwatchMock.on(PutMetricAlarmCommand).resolves({});
    const plan = planDetectionInstall({ catalog, logGroup: LOG_GROUP, snsTopicArn: TOPIC });
    const error = await executeDetectionInstall(plan, clients()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsError);
    const aws = error as AwsError;
    expect(aws.code).toBe(ErrorCode.AwsAccessDenied);
    expect(aws.operation).toBe('PutMetricFilter');
    expect(aws.missingAction).toBe('logs:PutMetricFilter');
    expect(aws.message).toBe(
      `CloudWatch Logs PutMetricFilter failed (AccessDeniedException): metric filter ${plan.metricFilters[0]?.filterName} on log group ${LOG_GROUP}`,
    );
    expect(aws.userMessage).toContain('logs:PutMetricFilter');
    expect(logsMock.commandCalls(PutMetricFilterCommand)).toHaveLength(1);
    expect(cloudwatchMock.commandCalls(PutMetricAlarmCommand)).toHaveLength(0);
  });

  it('names cloudwatch:PutMetricAlarm when the alarm call is denied', async () => {
    logsMock.on(PutMetricFilterCommand).resolves({});
    cloudwatchMock
      .on(PutMetricAlarmCommand)
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));
    const plan = planDetectionInstall({ catalog, logGroup: LOG_GROUP, snsTopicArn: TOPIC });
    const error = (await executeDetectionInstall(plan, clients()).catch((e: unknown) => e)) as AwsError;
    expect(error.missingAction).toBe('cloudwatch:PutMetricAlarm');
    expect(error.message).toContain(`alarm ${plan.alarms[0]?.AlarmName}`);
  });

  it('reports other failures as AwsError without blaming permissions', async () => {
    logsMock.on(PutMetricFilterCommand).rejects(
      Object.assign(new Error('The specified log group does not exist.'), {
        name: 'ResourceNotFoundException',
      }),
    );
    const plan = planDetectionInstall({ catalog, logGroup: LOG_GROUP, snsTopicArn: TOPIC });
    const error = (await executeDetectionInstall(plan, clients()).catch((e: unknown) => e)) as AwsError;
    expect(error.code).toBe(ErrorCode.AwsCallFailed);
    expect(error.awsCode).toBe('ResourceNotFoundException');
    expect(error.missingAction).toBeUndefined();
  });
});

describe('formatInstallPlan', () => {
  it('prints each call with its exact input and sends nothing', () => {
    const plan = planDetectionInstall({ catalog, logGroup: LOG_GROUP, snsTopicArn: TOPIC });
    const text = formatInstallPlan(plan);
    expect(text).toMatch(
      /^Dry run: 15 CloudWatch Logs PutMetricFilter call\(s\) on log group aws-cloudtrail-logs-210987654321-org, then 15 CloudWatch PutMetricAlarm call\(s\)/,
    );
    expect(text).toContain(
      'logs PutMetricFilter watchkeeper-cis-root-account-usage\n  {\n    "logGroupName"',
    );
    expect(text).toContain('cloudwatch PutMetricAlarm watchkeeper-cis-vpc-changes');
    expect(text).toContain(JSON.stringify(catalog.byId.get('cis-console-signin-without-mfa')?.filterPattern));
    expect(text.endsWith('}\n')).toBe(true);
  });
});
