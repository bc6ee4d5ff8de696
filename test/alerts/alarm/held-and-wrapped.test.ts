import { describe, expect, it } from 'vitest';
import { regionCodeFromName } from '../../../src/alerts/alarm/region-names.js';
import { detectShape } from '../../../src/alerts/detect-shape.js';
import { normalizeInput } from '../../../src/alerts/normalize.js';
import { fixture, fixtureObject, options } from '../helpers.js';

describe('a composite alarm whose actions are suppressed', () => {
  it('opens nothing and asks for an audit entry', () => {
    const result = normalizeInput(fixture('suppressed/composite-alarm-suppressed.json'), options());
    expect(result).toMatchObject({
      status: 'ignored',
      audit: { action: 'alert.suppressed' },
      reason: expect.stringMatching(/actions suppressed.*checkout-maintenance-window/),
    });
  });

  it('still raises the same alarm once its actions are no longer suppressed', () => {
    const event = fixtureObject('suppressed/composite-alarm-suppressed.json') as {
      detail: { state: Record<string, unknown> };
    };
    delete event.detail.state.actionsSuppressedBy;
    delete event.detail.state.actionsSuppressedReason;
    expect(normalizeInput(event, options()).status).toBe('normalized');
  });
});

describe('an alarm message without AlarmArn', () => {
  it('builds the ARN from the name, the region SNS names for people, and the account', () => {
    const result = normalizeInput(fixture('alarms/alarm-message-no-arn.json'), options());
    expect(result.status).toBe('normalized');
    if (result.status !== 'normalized') return;
    expect(result.alerts[0]).toMatchObject({
      dedupeKey: 'arn:aws:cloudwatch:eu-west-1:210987654321:alarm:orders-api-latency',
      region: 'eu-west-1',
    });
  });

  it('reads region display names, old and new spellings', () => {
    expect(regionCodeFromName('US East (N. Virginia)')).toBe('us-east-1');
    expect(regionCodeFromName('Europe (Ireland)')).toBe('eu-west-1');
    expect(regionCodeFromName('Atlantis (Central)')).toBeUndefined();
  });
});

describe('the Lambda SNS envelope', () => {
  it('is not mistaken for a CloudTrail log file', () => {
    expect(detectShape(fixture('alarms/lambda-sns-event.json'))).toBe('lambda-sns-event');
    expect(detectShape(fixture('cloudtrail/log-file.json'))).toBe('cloudtrail-log-file');
  });

  it('unwraps each record like an SNS Notification', () => {
    const result = normalizeInput(fixture('alarms/lambda-sns-event.json'), options());
    const direct = normalizeInput(fixture('alarms/sns-single-metric.json'), options());
    expect(result.status).toBe('normalized');
    if (result.status !== 'normalized' || direct.status !== 'normalized') return;
    expect(result.alerts.map((a) => a.dedupeKey)).toEqual(direct.alerts.map((a) => a.dedupeKey));
  });

  it('names the record and field when a Message is not JSON', () => {
    const event = fixtureObject('alarms/lambda-sns-event.json') as {
      Records: Array<{ Sns: { Message: string } }>;
    };
    const record = event.Records[0];
    if (record) record.Sns.Message = 'not json';
    const result = normalizeInput(event, options());
    expect(result.status).toBe('rejected');
    if (result.status === 'rejected') expect(result.error.problems[0]?.path).toBe('Records[0].Sns.Message');
  });
});
