import { describe, expect, it } from 'vitest';
import { checkSigningCertUrl, checkSubscribeUrl } from '../../../../src/alerts/intake/sns/sns-url.js';

describe('checkSigningCertUrl (production rule)', () => {
  it.each([
    'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem',
    'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-7a1b2c3d4e5f60718293a4b5c6d7e8f9.pem',
    'https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-3242f6a8b4b2a1e1.pem',
    'https://sns.us-gov-west-1.amazonaws.com/SimpleNotificationService-abc.pem',
    'https://sns.ap-southeast-5.amazonaws.com/a.pem',
    'https://SNS.EU-WEST-1.AMAZONAWS.COM/a.pem',
    'https://sns.eu-west-1.amazonaws.com:443/a.pem',
  ])('accepts %s', (url) => {
    expect(checkSigningCertUrl(url).ok).toBe(true);
  });

  it.each([
    ['plain http', 'http://sns.us-east-1.amazonaws.com/a.pem'],
    ['a look-alike suffix host', 'https://sns.us-east-1.amazonaws.com.evil.example/a.pem'],
    ['the SNS host as a path', 'https://evil.example/sns.us-east-1.amazonaws.com/a.pem'],
    ['the SNS host as user info', 'https://sns.us-east-1.amazonaws.com@evil.example/a.pem'],
    ['user info before the SNS host', 'https://user:pass@sns.us-east-1.amazonaws.com/a.pem'],
    ['a fragment hiding the host', 'https://evil.example#@sns.us-east-1.amazonaws.com/a.pem'],
    ['a non-default port', 'https://sns.us-east-1.amazonaws.com:8443/a.pem'],
    ['no region', 'https://sns.amazonaws.com/a.pem'],
    ['a dot replaced by a letter', 'https://snsXus-east-1.amazonaws.com/a.pem'],
    ['a subdomain before sns', 'https://x.sns.us-east-1.amazonaws.com/a.pem'],
    ['a trailing dot host', 'https://sns.us-east-1.amazonaws.com./a.pem'],
    ['an IP address', 'https://54.239.28.85/a.pem'],
    ['a path not ending in .pem', 'https://sns.us-east-1.amazonaws.com/a.pem.txt'],
    ['no path', 'https://sns.us-east-1.amazonaws.com'],
    ['a query after .pem', 'https://sns.us-east-1.amazonaws.com/a.pem?redirect=https://evil.example'],
    ['.pem only in the query', 'https://sns.us-east-1.amazonaws.com/a?x=.pem'],
    ['a fragment', 'https://sns.us-east-1.amazonaws.com/a.pem#x'],
    ['another scheme', 'file:///etc/ssl/a.pem'],
    ['not a URL', 'sns.us-east-1.amazonaws.com/a.pem'],
    ['an empty string', ''],
  ])('refuses %s', (_label, url) => {
    const verdict = checkSigningCertUrl(url);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.problem).toMatch(/SigningCertURL/);
  });
});

describe('checkSubscribeUrl', () => {
  const topic = 'arn:aws:sns:eu-west-1:210987654321:watchkeeper-alarms';
  const good = `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${topic}&Token=abc`;

  it('accepts an SNS ConfirmSubscription URL for the message topic', () => {
    expect(checkSubscribeUrl(good, topic).ok).toBe(true);
  });

  it.each([
    ['a non-SNS host (the AWS doc example)', good.replace('sns.eu-west-1.amazonaws.com', 'amazonses.com')],
    ['plain http', good.replace('https:', 'http:')],
    ['another action', good.replace('ConfirmSubscription', 'Unsubscribe')],
    ['no action', `https://sns.eu-west-1.amazonaws.com/?TopicArn=${topic}&Token=abc`],
    ['two actions', `${good}&Action=Unsubscribe`],
    ['another topic', good.replace('watchkeeper-alarms', 'someone-else')],
    ['a port', good.replace('amazonaws.com/', 'amazonaws.com:8443/')],
  ])('refuses %s', (_label, url) => {
    expect(checkSubscribeUrl(url, topic).ok).toBe(false);
  });
});

describe('checkSigningCertUrl for a message topic (region and partition must match)', () => {
  const cert = (host: string) => `https://${host}/SimpleNotificationService-7a1b2c3d.pem`;

  it.each([
    [cert('sns.eu-west-1.amazonaws.com'), 'arn:aws:sns:eu-west-1:210987654321:alarms'],
    [cert('sns.cn-north-1.amazonaws.com.cn'), 'arn:aws-cn:sns:cn-north-1:210987654321:alarms'],
    [cert('sns.us-gov-west-1.amazonaws.com'), 'arn:aws-us-gov:sns:us-gov-west-1:210987654321:alarms'],
  ])('accepts %s for %s', (url, topic) => {
    expect(checkSigningCertUrl(url, topic).ok).toBe(true);
  });

  it.each([
    ['another region', cert('sns.us-east-1.amazonaws.com'), 'arn:aws:sns:eu-west-1:210987654321:alarms'],
    [
      'the China suffix for a global topic',
      cert('sns.eu-west-1.amazonaws.com.cn'),
      'arn:aws:sns:eu-west-1:210987654321:alarms',
    ],
    [
      'a global host for a China topic',
      cert('sns.cn-north-1.amazonaws.com'),
      'arn:aws-cn:sns:cn-north-1:210987654321:a',
    ],
    [
      'a TopicArn that is not one',
      cert('sns.eu-west-1.amazonaws.com'),
      'arn:aws:sqs:eu-west-1:210987654321:q',
    ],
  ])('refuses %s', (_label, url, topic) => {
    const verdict = checkSigningCertUrl(url, topic);
    expect(verdict.ok).toBe(false);
  });

  it('names both regions when they differ', () => {
    const verdict = checkSigningCertUrl(
      cert('sns.us-east-1.amazonaws.com'),
      'arn:aws:sns:eu-west-1:210987654321:a',
    );
    expect(verdict).toEqual({
      ok: false,
      problem: 'SigningCertURL region us-east-1 does not match the TopicArn region eu-west-1',
    });
  });
});
