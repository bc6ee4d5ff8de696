import { describe, expect, it } from 'vitest';
import { alarmFromEventBridge, alarmFromSnsMessage } from '../../../src/alerts/alarm/normalize.js';
import { type Alert, alertSchema } from '../../../src/alerts/alert.js';
import type { Outcome } from '../../../src/alerts/result.js';
import { context, fixture } from '../helpers.js';

const ctx = context();

function snsMessage(name: string): Record<string, unknown> {
  const envelope = fixture(`alarms/${name}.json`) as { Message: string };
  return JSON.parse(envelope.Message) as Record<string, unknown>;
}

function events(): Array<Record<string, unknown>> {
  return fixture('alarms/eventbridge-state-changes.json') as Array<Record<string, unknown>>;
}

function only(outcome: Outcome): Alert {
  if (outcome.status !== 'normalized') throw new Error(`expected an alert, got ignored: ${outcome.reason}`);
  expect(outcome.alerts).toHaveLength(1);
  const [alert] = outcome.alerts;
  if (!alert) throw new Error('no alert');
  alertSchema.parse(alert);
  return alert;
}

describe('a CloudWatch alarm message (what SNS carries)', () => {
  it('keys a single-metric alarm by its ARN and names the alarm as the resource', () => {
    const alert = only(alarmFromSnsMessage(snsMessage('sns-single-metric'), ctx));
    expect(alert).toMatchObject({
      dedupeKey: 'arn:aws:cloudwatch:eu-west-1:210987654321:alarm:orders-api-5xx',
      source: 'cloudwatch-alarm',
      accountId: '210987654321',
      region: 'eu-west-1',
      severity: 5,
      severityLabel: 'medium',
      type: 'orders-api-5xx',
      title: 'ALARM: "orders-api-5xx" in eu-west-1 (was OK)',
      resource: {
        type: 'AWS::CloudWatch::Alarm',
        id: 'orders-api-5xx',
        arn: 'arn:aws:cloudwatch:eu-west-1:210987654321:alarm:orders-api-5xx',
        tags: {},
      },
      firstSeen: '2025-02-18T07:45:12.431Z',
      lastSeen: '2025-02-18T07:45:12.431Z',
      revision: '2025-02-18T07:45:12.431Z',
      count: 1,
      alarmState: 'ALARM',
      links: {
        alarm:
          'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/orders-api-5xx',
      },
    });
    expect(alert.actor).toBeUndefined();
  });

  it('describes the metric, and reads through the TreatMissingData quirk', () => {
    const alert = only(alarmFromSnsMessage(snsMessage('sns-single-metric'), ctx));
    expect(alert.description.split('\n')).toEqual([
      'Orders API is returning server errors',
      expect.stringContaining('Threshold Crossed: 2 out of the last 2 datapoints'),
      'AWS/ApiGateway 5XXError (ApiName=orders-api, Stage=prod) SUM/300s',
      'Missing data is treated as: notBreaching',
    ]);
  });

  it('lists each metric of a metric-math alarm, and url-encodes a name with spaces in the link', () => {
    const alert = only(alarmFromSnsMessage(snsMessage('sns-metric-math'), ctx));
    expect(alert.description).toContain('e1 = 100*errors/requests');
    expect(alert.description).toContain('errors = AWS/Lambda Errors (FunctionName=checkout) Sum/60s');
    expect(alert.links.alarm).toMatch(/#alarmsV2:alarm\/Checkout%20error%20rate$/);
    expect(alert.type).toBe('Checkout error rate');
  });

  it('shows the anomaly band of an anomaly-detection alarm', () => {
    const alert = only(alarmFromSnsMessage(snsMessage('sns-anomaly-detection'), ctx));
    expect(alert.description).toContain('ad1 = ANOMALY_DETECTION_BAND(m1, 2)');
    expect(alert.description).toContain('Missing data is treated as: ignore');
  });

  it('marks an OK transition as a recovery signal with the same dedupe key', () => {
    const alarm = only(alarmFromSnsMessage(snsMessage('sns-single-metric'), ctx));
    const ok = only(alarmFromSnsMessage(snsMessage('sns-ok'), ctx));
    expect(ok.alarmState).toBe('OK');
    expect(ok.dedupeKey).toBe(alarm.dedupeKey);
    expect(ok.revision).not.toBe(alarm.revision);
  });

  it('ignores INSUFFICIENT_DATA by default and says why', () => {
    const outcome = alarmFromSnsMessage(snsMessage('sns-insufficient-data'), ctx);
    expect(outcome).toEqual({ status: 'ignored', reason: expect.stringContaining('INSUFFICIENT_DATA') });
  });

  it('raises INSUFFICIENT_DATA when configured to', () => {
    const alert = only(
      alarmFromSnsMessage(snsMessage('sns-insufficient-data'), context({ insufficientData: 'alert' })),
    );
    expect(alert.alarmState).toBe('INSUFFICIENT_DATA');
  });

  it('takes the severity from the configured function', () => {
    const severe = context({ alarmSeverity: (name) => (name === 'orders-api-5xx' ? 'critical' : 'low') });
    expect(only(alarmFromSnsMessage(snsMessage('sns-single-metric'), severe))).toMatchObject({
      severity: 9.5,
      severityLabel: 'critical',
    });
  });

  it('uses the receive time when StateChangeTime is redacted', () => {
    const message = { ...snsMessage('sns-single-metric'), StateChangeTime: 'XXXX-XX-XXTXX:XX:XXZ' };
    expect(only(alarmFromSnsMessage(message, ctx)).lastSeen).toBe('2025-03-01T12:00:00.000Z');
  });

  it('derives the ARN from account and region when AlarmArn is missing', () => {
    const { AlarmArn: _arn, ...message } = snsMessage('sns-single-metric');
    const withRegion = { ...message, Region: 'eu-west-1' };
    expect(only(alarmFromSnsMessage(withRegion, ctx)).dedupeKey).toBe(
      'arn:aws:cloudwatch:eu-west-1:210987654321:alarm:orders-api-5xx',
    );
  });

  it('keeps placeholder account and region as given, without a console link to a made-up host', () => {
    const message = {
      ...snsMessage('sns-single-metric'),
      AWSAccountId: 'EXAMPLE',
      Region: 'EXAMPLE',
      AlarmArn: 'arn:aws:cloudwatch:REGION:ACCOUNT_NUMBER:alarm:orders-api-5xx',
    };
    const alert = only(alarmFromSnsMessage(message, ctx));
    expect(alert).toMatchObject({ accountId: 'EXAMPLE', links: {} });
  });

  it('rejects a message without AlarmName or with an unknown state, naming the field', () => {
    const { AlarmName: _n, ...noName } = snsMessage('sns-single-metric');
    expect(() => alarmFromSnsMessage(noName, ctx)).toThrow(/AlarmName: missing/);
    expect(() => alarmFromSnsMessage({ ...snsMessage('sns-ok'), NewStateValue: 'BROKEN' }, ctx)).toThrow(
      /NewStateValue: expected one of "ALARM", "OK", "INSUFFICIENT_DATA"/,
    );
  });
});

describe('a CloudWatch Alarm State Change EventBridge event', () => {
  const [single, math, anomaly, ok, insufficient] = events();

  it('keys a single-metric alarm by the ARN in resources and describes its metric', () => {
    const alert = only(alarmFromEventBridge(single, ctx));
    expect(alert).toMatchObject({
      dedupeKey: 'arn:aws:cloudwatch:eu-west-1:210987654321:alarm:orders-db CPU high',
      accountId: '210987654321',
      region: 'eu-west-1',
      type: 'orders-db CPU high',
      alarmState: 'ALARM',
      lastSeen: '2025-02-18T08:00:10.104Z',
      links: {
        alarm:
          'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/orders-db%20CPU%20high',
      },
    });
    expect(alert.description).toContain(
      'AWS/RDS CPUUtilization (DBInstanceIdentifier=orders-db-1) Maximum/60s',
    );
  });

  it('lists the expression and its inputs for metric math', () => {
    const alert = only(alarmFromEventBridge(math, ctx));
    expect(alert.description).toContain('e1 = m1+m2');
    expect(alert.description).toContain('m2 = AWS/ApplicationELB HTTPCode_ELB_5XX_Count');
    expect(alert.title).toBe('ALARM: "shop-alb-rejections" in eu-west-1 (was INSUFFICIENT_DATA)');
  });

  it('shows the band of anomaly detection', () => {
    expect(only(alarmFromEventBridge(anomaly, ctx)).description).toContain(
      'ad1 = ANOMALY_DETECTION_BAND(m1, 3)',
    );
  });

  it('reports OK as a recovery of the same alarm', () => {
    const recovered = only(alarmFromEventBridge(ok, ctx));
    expect(recovered.alarmState).toBe('OK');
    expect(recovered.dedupeKey).toBe(only(alarmFromEventBridge(single, ctx)).dedupeKey);
  });

  it('ignores INSUFFICIENT_DATA (which has no reasonData) by default', () => {
    expect(alarmFromEventBridge(insufficient, ctx).status).toBe('ignored');
    expect(only(alarmFromEventBridge(insufficient, context({ insufficientData: 'alert' }))).alarmState).toBe(
      'INSUFFICIENT_DATA',
    );
  });

  it('falls back to the event time, then the receive time, when the state timestamp is unreadable', () => {
    const base = events()[0] as { detail: { state: Record<string, unknown> } } & Record<string, unknown>;
    const redacted = {
      ...base,
      detail: { ...base.detail, state: { ...base.detail.state, timestamp: 'XXXX' } },
    };
    expect(only(alarmFromEventBridge(redacted, ctx)).lastSeen).toBe('2025-02-18T08:00:10.000Z');
    expect(only(alarmFromEventBridge({ ...redacted, time: 'XXXX-XX-XXTXX:XX:XXZ' }, ctx)).lastSeen).toBe(
      '2025-03-01T12:00:00.000Z',
    );
  });

  it('derives the ARN when resources is empty', () => {
    const event = { ...single, resources: [] };
    expect(only(alarmFromEventBridge(event, ctx)).dedupeKey).toBe(
      'arn:aws:cloudwatch:eu-west-1:210987654321:alarm:orders-db CPU high',
    );
  });

  it('rejects a detail without alarmName, naming detail.alarmName', () => {
    const detail = { ...(single?.detail as Record<string, unknown>), alarmName: undefined };
    expect(() => alarmFromEventBridge({ ...single, detail }, ctx)).toThrow(/detail\.alarmName: missing/);
  });

  it('rejects another detail-type', () => {
    expect(() => alarmFromEventBridge({ ...single, 'detail-type': 'GuardDuty Finding' }, ctx)).toThrow(
      /detail-type: expected "CloudWatch Alarm State Change"/,
    );
  });
});
