import { describe, expect, it } from 'vitest';
import { parseSnsMessage } from '../../../../src/alerts/intake/sns/message.js';
import { snsStringToSign } from '../../../../src/alerts/intake/sns/string-to-sign.js';
import { loadSnsFixture } from './sns-test-kit.js';

const base = {
  MessageId: 'm-1',
  TopicArn: 'arn:aws:sns:eu-west-1:210987654321:t',
  Message: 'hello\nworld',
  Timestamp: '2025-03-14T09:13:07.533Z',
  SignatureVersion: '1',
  Signature: 'c2ln',
  SigningCertURL: 'https://sns.eu-west-1.amazonaws.com/c.pem',
};

function stringToSign(fields: Record<string, unknown>): string {
  return snsStringToSign(parseSnsMessage(JSON.stringify(fields)));
}

describe('snsStringToSign', () => {
  it('signs a Notification as Message, MessageId, Subject, Timestamp, TopicArn, Type', () => {
    expect(stringToSign({ ...base, Type: 'Notification', Subject: 'Hi', UnsubscribeURL: 'https://x' })).toBe(
      'Message\nhello\nworld\nMessageId\nm-1\nSubject\nHi\nTimestamp\n2025-03-14T09:13:07.533Z\n' +
        'TopicArn\narn:aws:sns:eu-west-1:210987654321:t\nType\nNotification\n',
    );
  });

  it('leaves Subject out of a Notification that has none', () => {
    expect(stringToSign({ ...base, Type: 'Notification' })).toBe(
      'Message\nhello\nworld\nMessageId\nm-1\nTimestamp\n2025-03-14T09:13:07.533Z\n' +
        'TopicArn\narn:aws:sns:eu-west-1:210987654321:t\nType\nNotification\n',
    );
  });

  it('signs an empty Subject when it is present', () => {
    expect(stringToSign({ ...base, Type: 'Notification', Subject: '' })).toContain(
      'MessageId\nm-1\nSubject\n\nTimestamp',
    );
  });

  it.each(['SubscriptionConfirmation', 'UnsubscribeConfirmation'])(
    'signs a %s as Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type',
    (type) => {
      expect(stringToSign({ ...base, Type: type, Token: 'tok', SubscribeURL: 'https://s' })).toBe(
        'Message\nhello\nworld\nMessageId\nm-1\nSubscribeURL\nhttps://s\nTimestamp\n2025-03-14T09:13:07.533Z\n' +
          `Token\ntok\nTopicArn\narn:aws:sns:eu-west-1:210987654321:t\nType\n${type}\n`,
      );
    },
  );

  it('ignores unsigned fields such as MessageAttributes and UnsubscribeURL', () => {
    const fixture = loadSnsFixture('notification-no-subject.json');
    expect(snsStringToSign(parseSnsMessage(JSON.stringify(fixture)))).not.toMatch(
      /MessageAttributes|UnsubscribeURL/,
    );
  });
});
