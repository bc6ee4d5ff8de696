import {
  DeletePublicAccessBlockCommand,
  GetPublicAccessBlockCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, it } from 'vitest';
import { type AwsError, ErrorCode } from '../../../src/platform/errors.js';
import { blockS3PublicAccess } from '../../../src/remediation/actions/block-s3-public-access.js';
import { resetAwsMocks, runOf, s3Error, s3Mock, sdkPort } from '../support/aws.js';

const targets = { bucket: 'payments-exports-eu' };
const PARTIAL = {
  BlockPublicAcls: true,
  IgnorePublicAcls: false,
  BlockPublicPolicy: false,
  RestrictPublicBuckets: false,
};
const ALL_ON = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

beforeEach(resetAwsMocks);

describe('block public access on a bucket', () => {
  it('reads the current configuration in the preview and puts exactly it back on undo', async () => {
    s3Mock
      .on(GetPublicAccessBlockCommand)
      .resolvesOnce({ PublicAccessBlockConfiguration: PARTIAL })
      .resolvesOnce({ PublicAccessBlockConfiguration: ALL_ON })
      .resolves({ PublicAccessBlockConfiguration: PARTIAL });
    s3Mock.on(PutPublicAccessBlockCommand).resolves({});
    const run = runOf(sdkPort());
    const { state } = await blockS3PublicAccess.preview(run, targets);
    expect(blockS3PublicAccess.applyCalls(state, run.options)).toEqual([
      {
        service: 'S3',
        operation: 'PutPublicAccessBlock',
        action: 's3:PutBucketPublicAccessBlock',
        resource: 'arn:aws:s3:::payments-exports-eu',
        params: { Bucket: 'payments-exports-eu', PublicAccessBlockConfiguration: ALL_ON },
      },
    ]);
    expect(blockS3PublicAccess.undoCalls(state)?.[0]?.params).toEqual({
      Bucket: 'payments-exports-eu',
      PublicAccessBlockConfiguration: PARTIAL,
    });
    await blockS3PublicAccess.apply(run, state);
    expect(
      s3Mock.commandCalls(PutPublicAccessBlockCommand)[0]?.args[0].input.PublicAccessBlockConfiguration,
    ).toEqual(ALL_ON);
    expect((await blockS3PublicAccess.verify(run, state)).ok).toBe(true);
    await blockS3PublicAccess.undo(run, state);
    expect(
      s3Mock.commandCalls(PutPublicAccessBlockCommand)[1]?.args[0].input.PublicAccessBlockConfiguration,
    ).toEqual(PARTIAL);
    expect((await blockS3PublicAccess.verifyUndo(run, state)).ok).toBe(true);
  });

  it('deletes the configuration on undo when the bucket had none (NoSuchPublicAccessBlockConfiguration)', async () => {
    s3Mock.on(GetPublicAccessBlockCommand).rejects(s3Error('NoSuchPublicAccessBlockConfiguration', 404));
    s3Mock.on(DeletePublicAccessBlockCommand).resolves({});
    const run = runOf(sdkPort());
    const { state } = await blockS3PublicAccess.preview(run, targets);
    expect(blockS3PublicAccess.undoCalls(state)?.[0]?.operation).toBe('DeletePublicAccessBlock');
    await blockS3PublicAccess.undo(run, state);
    expect(s3Mock.commandCalls(DeletePublicAccessBlockCommand)).toHaveLength(1);
    expect(await blockS3PublicAccess.verifyUndo(run, state)).toEqual({
      ok: true,
      observed: 'no Block Public Access configuration',
    });
  });

  it('has nothing to do when every switch is already on', async () => {
    s3Mock.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: ALL_ON });
    expect((await blockS3PublicAccess.preview(runOf(sdkPort()), targets)).nothingToDo).toMatch(
      /already blocks/,
    );
  });

  it('names s3:PutBucketPublicAccessBlock on AccessDenied, and reports a missing bucket', async () => {
    s3Mock.on(PutPublicAccessBlockCommand).rejects(s3Error('AccessDenied', 403));
    s3Mock.on(GetPublicAccessBlockCommand).rejects(s3Error('NoSuchBucket', 404));
    const run = runOf(sdkPort());
    const denied = await blockS3PublicAccess
      .apply(run, { bucket: 'payments-exports-eu', previous: null })
      .catch((e: unknown) => e);
    expect((denied as AwsError).code).toBe(ErrorCode.AwsAccessDenied);
    expect((denied as AwsError).missingAction).toBe('s3:PutBucketPublicAccessBlock');
    await expect(blockS3PublicAccess.preview(run, targets)).rejects.toThrow(
      /S3 GetPublicAccessBlock failed \(NoSuchBucket\): bucket payments-exports-eu/,
    );
  });
});
