import { describe, expect, it } from 'vitest';
import { parseTopicArn, topicArnAllowed } from '../../../../src/alerts/intake/sns/topic-arn.js';

const TOPIC = 'arn:aws:sns:eu-west-1:210987654321:watchkeeper-alarms';

describe('parseTopicArn', () => {
  it.each([
    [TOPIC, { partition: 'aws', region: 'eu-west-1', account: '210987654321', name: 'watchkeeper-alarms' }],
    ['arn:aws-cn:sns:cn-north-1:210987654321:alarms', { partition: 'aws-cn', region: 'cn-north-1' }],
    [
      'arn:aws-us-gov:sns:us-gov-west-1:210987654321:a_b',
      { partition: 'aws-us-gov', region: 'us-gov-west-1' },
    ],
    ['arn:aws:sns:us-east-1:210987654321:orders.fifo', { name: 'orders.fifo' }],
  ])('reads %s', (arn, parts) => {
    expect(parseTopicArn(arn)).toMatchObject(parts);
  });

  it.each([
    ['an SQS queue ARN', 'arn:aws:sqs:eu-west-1:210987654321:queue'],
    ['no region', 'arn:aws:sns::210987654321:alarms'],
    ['a short account', 'arn:aws:sns:eu-west-1:2109876:alarms'],
    ['a subscription ARN (one more part)', `${TOPIC}:0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5`],
    ['a dot inside the name', 'arn:aws:sns:eu-west-1:210987654321:a.b'],
    ['a name longer than 256', `arn:aws:sns:eu-west-1:210987654321:${'a'.repeat(257)}`],
    ['not an ARN', 'watchkeeper-alarms'],
  ])('refuses %s', (_label, arn) => {
    expect(parseTopicArn(arn)).toBeUndefined();
  });
});

describe('topicArnAllowed', () => {
  it.each([
    [[TOPIC], true],
    [['arn:aws:sns:*:210987654321:watchkeeper-*'], true],
    [['arn:aws:sns:eu-west-1:210987654321:*'], true],
    [['arn:aws:sns:eu-west-1:210987654321:watchkeeper-alarm'], false],
    [['arn:aws:sns:eu-west-1:999999999999:*'], false],
    [['arn:aws:sns:us-east-1:210987654321:watchkeeper-*'], false],
    [[], false],
  ])('with %j answers %s', (allowed, expected) => {
    expect(topicArnAllowed(TOPIC, allowed)).toBe(expected);
  });
});
