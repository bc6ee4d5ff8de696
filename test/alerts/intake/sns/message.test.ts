import { describe, expect, it } from 'vitest';
import { parseSnsMessage, SnsInputError } from '../../../../src/alerts/intake/sns/message.js';
import { ErrorCode } from '../../../../src/platform/errors.js';
import { MAX_JSON_DEPTH } from '../../../../src/platform/json.js';
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

  it('refuses a body nested deeper than MAX_JSON_DEPTH with reason too-deep, before reading its fields', () => {
    const deep = `${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`;
    const body = JSON.stringify({
      ...loadSnsFixture('notification.json'),
      MessageAttributes: 'DEEP',
    }).replace('"DEEP"', deep);
    const error = rejection(body);
    expect(error.reason).toBe('too-deep');
    expect(error.message).toContain(String(MAX_JSON_DEPTH));
  });

  it('accepts a body and Message exactly MAX_JSON_DEPTH levels deep', () => {
    // The body object is level 1, so its field may hold MAX_JSON_DEPTH - 1 more levels.
    const inner = `${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}`;
    const body = JSON.stringify({
      ...loadSnsFixture('notification.json'),
      MessageAttributes: 'INNER',
      Message: `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`,
    }).replace('"INNER"', inner);
    expect(parseSnsMessage(body).Type).toBe('Notification');
  });

  it('refuses a notification whose Message is JSON nested deeper than MAX_JSON_DEPTH', () => {
    const levels = MAX_JSON_DEPTH + 1;
    const error = rejection(
      JSON.stringify({
        ...loadSnsFixture('notification.json'),
        Message: `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`,
      }),
    );
    expect(error.reason).toBe('message-too-deep');
    expect(error.problems[0]?.path).toBe('Message');
  });

  it('leaves a plain-text Message that only looks like JSON alone', () => {
    const message = parseSnsMessage(
      JSON.stringify({ ...loadSnsFixture('notification.json'), Message: `${'['.repeat(500)} not JSON` }),
    );
    expect(message.Type).toBe('Notification');
  });

  it.each([
    ['an SQS ARN', 'arn:aws:sqs:eu-west-1:210987654321:queue'],
    ['free text', 'my topic'],
  ])('refuses a TopicArn that is %s and names the field', (_label, topicArn) => {
    const error = rejection(JSON.stringify({ ...loadSnsFixture('notification.json'), TopicArn: topicArn }));
    expect(error.reason).toBe('malformed-message');
    expect(error.problems.map((p) => p.path)).toEqual(['TopicArn']);
  });

  it.each(['March 14, 2025', '2025-03-14', '2025-03-14T09:13:07+02:00', ''])(
    'refuses the Timestamp %j and names the field',
    (timestamp) => {
      const error = rejection(
        JSON.stringify({ ...loadSnsFixture('notification.json'), Timestamp: timestamp }),
      );
      expect(error.reason).toBe('malformed-message');
      expect(error.problems.map((p) => p.path)).toEqual(['Timestamp']);
    },
  );
});
