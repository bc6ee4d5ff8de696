import { describe, expect, it } from 'vitest';
import {
  alarmFromEventBridge,
  alarmFromLambdaAction,
  isAlarmLambdaEvent,
} from '../../../src/alerts/alarm/normalize.js';
import { type Alert, alertSchema } from '../../../src/alerts/alert.js';
import type { Outcome } from '../../../src/alerts/result.js';
import { context, fixtureObject } from '../helpers.js';

/**
 * An alarm whose action invokes a Lambda function hands it `{source, alarmArn, accountId, time,
 * region, alarmData}` (CloudWatch user guide, alarms-and-actions-Lambda); a team's function
 * forwards that to the intake as it came. It becomes the same alert as the alarm's EventBridge
 * state change.
 */

const ctx = context();
const metric = () => fixtureObject('alarms/lambda-action-metric.json');
const composite = () => fixtureObject('alarms/lambda-action-composite.json');

function only(outcome: Outcome): Alert {
  if (outcome.status !== 'normalized') throw new Error(`expected an alert, got ignored: ${outcome.reason}`);
  expect(outcome.alerts).toHaveLength(1);
  const [alert] = outcome.alerts;
  if (!alert) throw new Error('no alert');
  alertSchema.parse(alert);
  return alert;
}

/** The EventBridge "CloudWatch Alarm State Change" event of the same state change. */
function asEventBridge(event: Record<string, unknown>): Record<string, unknown> {
  return {
    version: '0',
    id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: event.accountId,
    time: event.time,
    region: event.region,
    resources: [event.alarmArn],
    detail: event.alarmData,
  };
}

describe('a CloudWatch alarm Lambda action event', () => {
  it('keys the alarm by its ARN and describes the state change, the metric and the threshold', () => {
    const alert = only(alarmFromLambdaAction(metric(), ctx));
    expect(alert).toMatchObject({
      dedupeKey: 'arn:aws:cloudwatch:ca-central-1:468213579024:alarm:payments-api p99 latency',
      source: 'cloudwatch-alarm',
      accountId: '468213579024',
      region: 'ca-central-1',
      type: 'payments-api p99 latency',
      title: 'ALARM: "payments-api p99 latency" in ca-central-1 (was OK)',
      resource: {
        type: 'AWS::CloudWatch::Alarm',
        id: 'payments-api p99 latency',
        arn: 'arn:aws:cloudwatch:ca-central-1:468213579024:alarm:payments-api p99 latency',
      },
      alarmState: 'ALARM',
      firstSeen: '2026-10-21T03:17:42.205Z',
      revision: '2026-10-21T03:17:42.205Z',
      count: 1,
      links: { alarm: expect.stringMatching(/ca-central-1.*#alarmsV2:alarm\/payments-api%20p99%20latency$/) },
    });
    expect(alert.description.split('\n')).toEqual([
      'payments-api p99 latency above 1.5 s for 3 minutes',
      expect.stringMatching(/^Threshold Crossed: 3 out of the last 3 datapoints \[2214\.0/),
      '5e1c09a7-3b2d-4f6e-a8c1-0d9b7e6f5a43 = AWS/ApiGateway Latency (ApiName=payments-api, Stage=live) p99/60s',
    ]);
    expect(alert.raw).toEqual(metric());
  });

  it('is the same alert as the EventBridge state change of that alarm', () => {
    const { raw: _a, ...viaLambda } = only(alarmFromLambdaAction(metric(), ctx));
    const { raw: _b, ...viaEventBridge } = only(alarmFromEventBridge(asEventBridge(metric()), ctx));
    expect(viaLambda).toEqual(viaEventBridge);
  });

  it('reads a composite alarm returning to OK as a recovery signal, with its rule', () => {
    const alert = only(alarmFromLambdaAction(composite(), ctx));
    expect(alert).toMatchObject({
      alarmState: 'OK',
      title: 'OK: "payments-degraded" in ca-central-1 (was ALARM)',
    });
    expect(alert.description).toContain(
      'rule = ALARM("payments-api p99 latency") OR ALARM("payments-api 5xx")',
    );
  });

  it('holds back an ALARM whose actions were suppressed, for the audit log', () => {
    const event = composite();
    const data = event.alarmData as Record<string, unknown>;
    const suppressed = {
      ...event,
      alarmData: {
        ...data,
        state: {
          value: 'ALARM',
          timestamp: '2026-10-21T05:00:00.000+0000',
          actionsSuppressedBy: 'WaitPeriod',
          actionsSuppressedReason: 'Actions suppressed by WaitPeriod',
        },
      },
    };
    expect(alarmFromLambdaAction(suppressed, ctx)).toEqual({
      status: 'ignored',
      reason: expect.stringContaining('actions suppressed (Actions suppressed by WaitPeriod'),
      audit: { action: 'alert.suppressed' },
    });
  });

  it('ignores INSUFFICIENT_DATA by default, like the other alarm shapes', () => {
    const event = metric();
    const data = event.alarmData as Record<string, unknown>;
    const insufficient = { ...event, alarmData: { ...data, state: { value: 'INSUFFICIENT_DATA' } } };
    expect(alarmFromLambdaAction(insufficient, ctx)).toMatchObject({ status: 'ignored' });
  });

  it('takes account and region from the alarm ARN when the event leaves them out', () => {
    const { accountId: _a, region: _r, ...bare } = metric();
    expect(only(alarmFromLambdaAction(bare, ctx))).toMatchObject({
      accountId: '468213579024',
      region: 'ca-central-1',
    });
  });

  it('rejects what it cannot read, naming the field', () => {
    const event = metric();
    const data = event.alarmData as Record<string, unknown>;
    const { alarmName: _n, ...noName } = data;
    expect(() => alarmFromLambdaAction({ ...event, alarmData: noName }, ctx)).toThrow(
      /alarmData\.alarmName: missing/,
    );
    expect(() =>
      alarmFromLambdaAction({ ...event, alarmData: { ...data, state: { value: 'PAGED' } } }, ctx),
    ).toThrow(/alarmData\.state\.value: expected one of "ALARM", "OK", "INSUFFICIENT_DATA"/);
    expect(() => alarmFromLambdaAction({ ...event, source: 'aws.events' }, ctx)).toThrow(/source/);
    const { alarmArn: _arn, region: _region, ...unplaced } = event;
    expect(() => alarmFromLambdaAction(unplaced, ctx)).toThrow(/region: missing/);
  });

  it('is told apart from the EventBridge and SNS shapes by its keys', () => {
    expect(isAlarmLambdaEvent(metric())).toBe(true);
    expect(isAlarmLambdaEvent(composite())).toBe(true);
    expect(isAlarmLambdaEvent(asEventBridge(metric()))).toBe(false);
    expect(isAlarmLambdaEvent({ AlarmName: 'x', NewStateValue: 'ALARM' })).toBe(false);
    expect(isAlarmLambdaEvent([metric()])).toBe(false);
    expect(isAlarmLambdaEvent(null)).toBe(false);
  });
});
