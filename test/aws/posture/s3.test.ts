import {
  GetBucketEncryptionCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { readBucketPosture } from '../../../src/aws/posture/s3.js';
import { AwsError } from '../../../src/platform/errors.js';
import { s3Error } from './aws-errors.js';

const s3 = mockClient(S3Client);
const regionsAsked: string[] = [];
const clients = {
  s3: (region: string) => {
    regionsAsked.push(region);
    return new S3Client({ region });
  },
};
const allOn = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};
const aes = {
  ServerSideEncryptionConfiguration: {
    Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' as const } }],
  },
};

beforeEach(() => {
  s3.reset();
  regionsAsked.length = 0;
  s3.on(GetBucketEncryptionCommand).resolves(aes);
  s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: allOn });
});

describe('S3 bucket posture', () => {
  it('reads every page of buckets and asks each bucket in its own region', async () => {
    s3.on(ListBucketsCommand)
      .resolvesOnce({
        Buckets: [{ Name: 'wk-audit-logs', BucketRegion: 'eu-central-1' }],
        ContinuationToken: 'next-1',
      })
      .resolvesOnce({ Buckets: [{ Name: 'wk-exports', BucketRegion: 'us-west-2' }] });
    const result = await readBucketPosture(clients, 'us-east-1', 4);
    expect(result).toEqual([
      {
        name: 'wk-audit-logs',
        region: 'eu-central-1',
        defaultEncryption: true,
        publicAccessBlock: {
          blockPublicAcls: true,
          ignorePublicAcls: true,
          blockPublicPolicy: true,
          restrictPublicBuckets: true,
        },
      },
      expect.objectContaining({ name: 'wk-exports', region: 'us-west-2' }),
    ]);
    expect(s3.commandCalls(ListBucketsCommand)[1]?.args[0].input).toMatchObject({
      ContinuationToken: 'next-1',
    });
    expect(regionsAsked).toEqual(['us-east-1', 'eu-central-1', 'us-west-2']);
  });

  it('reports no default encryption when S3 answers ServerSideEncryptionConfigurationNotFoundError', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'wk-raw' }] });
    s3.on(GetBucketEncryptionCommand).rejects(s3Error('ServerSideEncryptionConfigurationNotFoundError', 404));
    expect(await readBucketPosture(clients, 'us-east-1', 4)).toEqual([
      expect.objectContaining({ name: 'wk-raw', defaultEncryption: false }),
    ]);
  });

  it('reports no bucket-level block when S3 answers NoSuchPublicAccessBlockConfiguration', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'wk-site' }] });
    s3.on(GetPublicAccessBlockCommand).rejects(s3Error('NoSuchPublicAccessBlockConfiguration', 404));
    expect(await readBucketPosture(clients, 'us-east-1', 4)).toEqual([
      expect.objectContaining({ name: 'wk-site', publicAccessBlock: null }),
    ]);
  });

  it('reads a partly configured block as such', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'wk-site' }] });
    s3.on(GetPublicAccessBlockCommand).resolves({
      PublicAccessBlockConfiguration: { ...allOn, BlockPublicPolicy: false },
    });
    const [bucket] = (await readBucketPosture(clients, 'us-east-1', 4)) as { publicAccessBlock: unknown }[];
    expect(bucket?.publicAccessBlock).toMatchObject({ blockPublicPolicy: false, blockPublicAcls: true });
  });

  it('could not check a bucket whose settings AWS refused to show, naming the IAM action', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'wk-locked' }] });
    s3.on(GetBucketEncryptionCommand).rejects(s3Error('AccessDenied', 403));
    s3.on(GetPublicAccessBlockCommand).rejects(s3Error('AccessDenied', 403));
    const [bucket] = (await readBucketPosture(clients, 'us-east-1', 4)) as {
      defaultEncryption: unknown;
      publicAccessBlock: unknown;
    }[];
    expect(bucket?.defaultEncryption).toEqual({
      couldNotCheck: true,
      missingPermission: 's3:GetEncryptionConfiguration',
      reason: 'S3 GetBucketEncryption was denied (AccessDenied) on bucket wk-locked',
    });
    expect(bucket?.publicAccessBlock).toMatchObject({
      couldNotCheck: true,
      missingPermission: 's3:GetBucketPublicAccessBlock',
    });
  });

  it('could not check any bucket when listing is denied', async () => {
    s3.on(ListBucketsCommand).rejects(s3Error('AccessDenied', 403));
    expect(await readBucketPosture(clients, 'us-east-1', 4)).toMatchObject({
      couldNotCheck: true,
      missingPermission: 's3:ListAllMyBuckets',
    });
  });

  it('skips a bucket deleted between the listing and the check', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'wk-gone' }, { Name: 'wk-here' }] });
    s3.on(GetBucketEncryptionCommand, { Bucket: 'wk-gone' }).rejects(s3Error('NoSuchBucket', 404));
    const result = (await readBucketPosture(clients, 'us-east-1', 4)) as { name: string }[];
    expect(result.map((b) => b.name)).toEqual(['wk-here']);
  });

  it('fails with an AwsError on anything else, so the job is retried', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'wk-flaky' }] });
    s3.on(GetBucketEncryptionCommand).rejects(s3Error('InternalError', 500));
    await expect(readBucketPosture(clients, 'us-east-1', 4)).rejects.toThrow(AwsError);
    await expect(readBucketPosture(clients, 'us-east-1', 4)).rejects.toThrow(
      'S3 GetBucketEncryption failed (InternalError): bucket wk-flaky',
    );
  });
});
