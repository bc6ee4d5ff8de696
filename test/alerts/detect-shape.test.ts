import { describe, expect, it } from 'vitest';
import { detectShape } from '../../src/alerts/detect-shape.js';
import { ErrorCode, InputError } from '../../src/platform/errors.js';
import { fixture, fixtureLines, toSdkShape } from './helpers.js';

describe('detectShape', () => {
  it.each([
    ['guardduty/instance-backdoor.json', 'guardduty-finding'],
    ['guardduty/sdk-accesskey-finding.json', 'guardduty-sdk-finding'],
    ['guardduty/get-findings-empty.json', 'guardduty-get-findings-response'],
    ['guardduty/get-findings-response.json', 'guardduty-get-findings-response'],
    ['guardduty/eventbridge-redacted-dns.json', 'eventbridge-guardduty-finding'],
    ['alarms/sns-single-metric.json', 'sns-notification'],
    ['alarms/sns-subscription-confirmation.json', 'sns-subscription-message'],
    ['alarms/alarm-message-bare.json', 'cloudwatch-alarm-message'],
    ['cloudtrail/eventbridge-stop-logging.json', 'eventbridge-cloudtrail'],
    ['cloudtrail/attach-user-policy.json', 'cloudtrail-record'],
    ['cloudtrail/log-file.json', 'cloudtrail-log-file'],
  ])('recognizes %s as %s', (path, shape) => {
    expect(detectShape(fixture(path))).toBe(shape);
  });

  it('recognizes every alarm EventBridge event', () => {
    const events = fixture('alarms/eventbridge-state-changes.json') as unknown[];
    expect(events.map(detectShape)).toEqual(events.map(() => 'eventbridge-alarm-state-change'));
  });

  it('recognizes an SDK GetFindings response', () => {
    expect(detectShape({ Findings: [toSdkShape(fixture('guardduty/lambda-network.json'))] })).toBe(
      'guardduty-get-findings-response',
    );
  });

  it('recognizes a console sign-in EventBridge event as CloudTrail', () => {
    const [record] = fixtureLines('cloudtrail/console-login-failures.ndjson');
    expect(detectShape({ 'detail-type': 'AWS Console Sign In via CloudTrail', detail: record })).toBe(
      'eventbridge-cloudtrail',
    );
  });

  it('names the detail-type of an EventBridge event it does not take', () => {
    try {
      detectShape({ 'detail-type': 'EC2 Instance State-change Notification', detail: {} });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      const inputError = error as InputError;
      expect(inputError.code).toBe(ErrorCode.InputUnrecognized);
      expect(inputError.problems[0]).toMatchObject({
        path: 'detail-type',
        fix: expect.stringContaining('GuardDuty Finding'),
      });
      expect(inputError.message).toContain('"EC2 Instance State-change Notification" is not an alert source');
    }
  });

  it.each([
    [[], 'an array'],
    [null, 'null'],
    ['text', 'a string'],
    [{}, 'an empty object'],
    [{ hello: 'world' }, 'keys "hello"'],
  ])('rejects %j as unrecognized, saying what it got and what it expects', (input, got) => {
    const error = (() => {
      try {
        detectShape(input);
      } catch (e) {
        return e as InputError;
      }
      throw new Error('expected a throw');
    })();
    expect(error.code).toBe(ErrorCode.InputUnrecognized);
    expect(error.message).toContain(got);
    expect(error.message).toContain('GuardDuty finding');
  });
});
