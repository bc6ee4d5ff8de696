import { describe, expect, it } from 'vitest';
import {
  admitSnsMessage,
  SNS_MAX_CLOCK_SKEW_MS,
  SNS_MAX_MESSAGE_AGE_MS,
} from '../../../../src/alerts/intake/sns/admission.js';

const TOPIC = 'arn:aws:sns:eu-west-1:210987654321:watchkeeper-alarms';
const NOW = new Date('2026-11-20T10:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();

function message(extra: { TopicArn?: string; Timestamp?: string } = {}) {
  return { Type: 'Notification' as const, TopicArn: TOPIC, Timestamp: NOW.toISOString(), ...extra };
}

describe('admitSnsMessage', () => {
  const policy = { allowedTopicArns: [TOPIC], now: NOW };

  it('admits a current message from an allowed topic', () => {
    expect(admitSnsMessage(message(), policy)).toEqual({ ok: true });
  });

  it('refuses a message from a topic that is not on the list, naming the setting', () => {
    const verdict = admitSnsMessage(
      message({ TopicArn: 'arn:aws:sns:eu-west-1:999999999999:attacker' }),
      policy,
    );
    expect(verdict).toMatchObject({ ok: false, reason: 'topic-not-allowed' });
    if (!verdict.ok) expect(verdict.detail).toMatch(/WATCHKEEPER_SNS_TOPIC_ARNS/);
  });

  it('refuses every topic when the list is empty', () => {
    expect(admitSnsMessage(message(), { ...policy, allowedTopicArns: [] })).toMatchObject({
      ok: false,
      reason: 'topic-not-allowed',
    });
  });

  it('uses a one-hour window by default', () => {
    expect(SNS_MAX_MESSAGE_AGE_MS).toBe(3_600_000);
    expect(admitSnsMessage(message({ Timestamp: at(-SNS_MAX_MESSAGE_AGE_MS) }), policy)).toEqual({
      ok: true,
    });
    expect(admitSnsMessage(message({ Timestamp: at(-SNS_MAX_MESSAGE_AGE_MS - 1) }), policy)).toMatchObject({
      ok: false,
      reason: 'stale-message',
    });
  });

  it('refuses a signed message from years ago as a replay', () => {
    const verdict = admitSnsMessage(message({ Timestamp: '2019-06-01T12:00:00.000Z' }), policy);
    expect(verdict).toMatchObject({ ok: false, reason: 'stale-message' });
    if (!verdict.ok) expect(verdict.detail).toMatch(/more than 60 minutes old/);
  });

  it('takes a narrower window when given one', () => {
    const narrow = { ...policy, maxAgeMs: 60_000 };
    expect(admitSnsMessage(message({ Timestamp: at(-61_000) }), narrow)).toMatchObject({
      reason: 'stale-message',
    });
  });

  it('allows a little clock skew but refuses a message from further in the future', () => {
    expect(admitSnsMessage(message({ Timestamp: at(SNS_MAX_CLOCK_SKEW_MS) }), policy)).toEqual({ ok: true });
    expect(admitSnsMessage(message({ Timestamp: at(SNS_MAX_CLOCK_SKEW_MS + 1) }), policy)).toMatchObject({
      ok: false,
      reason: 'future-message',
    });
  });

  it('judges time by the clock it is given, not the machine’s', () => {
    const old = message({ Timestamp: '2019-06-01T12:00:00.000Z' });
    expect(admitSnsMessage(old, { ...policy, now: new Date('2019-06-01T12:30:00.000Z') })).toEqual({
      ok: true,
    });
  });

  it('refuses a Timestamp that cannot be read as a time', () => {
    expect(admitSnsMessage(message({ Timestamp: 'yesterday' }), policy)).toMatchObject({ ok: false });
  });
});
