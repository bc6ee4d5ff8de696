import { describe, expect, it } from 'vitest';
import { parseSnsMessage, SnsInputError } from '../../../../src/alerts/intake/sns/message.js';
import { ErrorCode } from '../../../../src/platform/errors.js';
import { loadSnsFixture } from './sns-test-kit.js';

function rejection(body: string): SnsInputError {
  try {
    parseSnsMessage(body);
  } catch (error) {
    if (error instanceof SnsInputError) return error;
    throw error;
  }
  throw new Error('expected parseSnsMessage to throw');
}

describe('parseSnsMessage', () => {
  it.each([
    ['notification.json', 'Notification'],
    ['notification-no-subject.json', 'Notification'],
    ['subscription-confirmation.json', 'SubscriptionConfirmation'],
    ['unsubscribe-confirmation.json', 'UnsubscribeConfirmation'],
  ])('accepts %s as a %s', (file, type) => {
    const message = parseSnsMessage(JSON.stringify(loadSnsFixture(file)));
    expect(message.Type).toBe(type);
  });

  it('keeps fields it does not model, such as MessageAttributes', () => {
    const message = parseSnsMessage(JSON.stringify(loadSnsFixture('notification-no-subject.json')));
    expect(message).toHaveProperty('MessageAttributes.team.Value', 'platform-security');
  });

  it('refuses a body that is not JSON with reason bad-json', () => {
    const error = rejection('Type=Notification&Message=hi');
    expect(error.reason).toBe('bad-json');
    expect(error.code).toBe(ErrorCode.InputInvalid);
  });

  it('refuses a JSON array with reason bad-json', () => {
    expect(rejection('[1,2]').reason).toBe('bad-json');
  });

  it('refuses an unknown Type with reason unknown-type and names the field', () => {
    const error = rejection(JSON.stringify({ ...loadSnsFixture('notification.json'), Type: 'Notifikation' }));
    expect(error.reason).toBe('unknown-type');
    expect(error.code).toBe(ErrorCode.InputUnrecognized);
    expect(error.problems[0]?.path).toBe('Type');
  });

  it('refuses a confirmation without Token and names the missing field', () => {
    const { Token: _dropped, ...rest } = loadSnsFixture('subscription-confirmation.json');
    const error = rejection(JSON.stringify(rest));
    expect(error.reason).toBe('malformed-message');
    expect(error.problems.map((p) => p.path)).toEqual(['Token']);
  });

  it('refuses a notification whose Message is not a string', () => {
    const error = rejection(JSON.stringify({ ...loadSnsFixture('notification.json'), Message: { a: 1 } }));
    expect(error.reason).toBe('malformed-message');
    expect(error.message).toContain('Message');
  });
});
