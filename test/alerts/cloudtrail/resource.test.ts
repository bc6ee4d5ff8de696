import { describe, expect, it } from 'vitest';
import { cloudTrailResource } from '../../../src/alerts/cloudtrail/resource.js';
import { type CloudTrailRecord, cloudTrailRecordSchema } from '../../../src/aws/logs/cloudtrail-record.js';

function record(fields: Record<string, unknown>): CloudTrailRecord {
  return cloudTrailRecordSchema.parse({
    eventID: 'e-1',
    eventName: 'Call',
    eventSource: 'iam.amazonaws.com',
    awsRegion: 'eu-central-1',
    recipientAccountId: '111122223333',
    ...fields,
  });
}

describe('cloudTrailResource', () => {
  it('names an S3 bucket with its ARN', () => {
    const r = record({
      eventSource: 's3.amazonaws.com',
      eventName: 'PutBucketPolicy',
      requestParameters: { bucketName: 'logs-1' },
    });
    expect(cloudTrailResource(r)).toEqual({
      type: 'S3Bucket',
      id: 'logs-1',
      arn: 'arn:aws:s3:::logs-1',
      tags: {},
    });
  });

  it('names a KMS key given by ARN by its key id', () => {
    const arn = 'arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const r = record({
      eventSource: 'kms.amazonaws.com',
      eventName: 'ScheduleKeyDeletion',
      requestParameters: { keyId: arn },
    });
    expect(cloudTrailResource(r)).toEqual({
      type: 'KMSKey',
      id: '1234abcd-12ab-34cd-56ef-1234567890ab',
      arn,
      tags: {},
    });
  });

  it('names a policy when the call names no user, role or group', () => {
    const arn = 'arn:aws:iam::111122223333:policy/deploy';
    const r = record({
      eventName: 'CreatePolicyVersion',
      requestParameters: { policyArn: arn, setAsDefault: true },
    });
    expect(cloudTrailResource(r)).toEqual({ type: 'IAMPolicy', id: 'deploy', arn, tags: {} });
  });

  it('names the first instance of a RunInstances-style set', () => {
    const r = record({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'StopInstances',
      requestParameters: { instancesSet: { items: [{ instanceId: 'i-0abc' }, { instanceId: 'i-0def' }] } },
    });
    expect(cloudTrailResource(r)).toMatchObject({ type: 'Instance', id: 'i-0abc' });
  });

  it('does not read a parameter meant for another service (ec2 groupName is a security group)', () => {
    const r = record({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'CreateSecurityGroup',
      requestParameters: { groupName: 'web' },
    });
    expect(cloudTrailResource(r)).toMatchObject({ type: 'SecurityGroup', id: 'web' });
  });

  it('uses resources[] when the parameters name nothing it knows', () => {
    const r = record({
      eventSource: 'sns.amazonaws.com',
      requestParameters: { topicArn: 'x' },
      resources: [
        {
          ARN: 'arn:aws:sns:eu-central-1:111122223333:alerts',
          accountId: '111122223333',
          type: 'AWS::SNS::Topic',
        },
      ],
    });
    expect(cloudTrailResource(r)).toEqual({
      type: 'AWS::SNS::Topic',
      id: 'alerts',
      arn: 'arn:aws:sns:eu-central-1:111122223333:alerts',
      tags: {},
    });
  });

  it('falls back to the account when nothing names a resource', () => {
    const r = record({
      eventSource: 'sts.amazonaws.com',
      eventName: 'GetCallerIdentity',
      userIdentity: { type: 'AWSService' },
    });
    expect(cloudTrailResource(r)).toEqual({ type: 'AWSAccount', id: '111122223333', tags: {} });
  });
});
