import {
  GetPublicAccessBlockCommand,
  S3ControlClient,
  S3ControlServiceException,
} from '@aws-sdk/client-s3-control';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { s3ControlPublicAccessBlockReader } from '../../../src/aws/posture/s3-control.js';
import { createSdkPosturePort } from '../../../src/aws/posture/sdk-port.js';
import { createSilentLogger } from '../../../src/platform/log/logger.js';

const s3control = mockClient(S3ControlClient);
const client = new S3ControlClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const error = (name: string, status: number) =>
  new S3ControlServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status },
    message: name,
  });

describe('account-level S3 Block Public Access', () => {
  beforeEach(() => s3control.reset());

  it('reads the four settings for the account', async () => {
    s3control.on(GetPublicAccessBlockCommand, { AccountId: '210987654321' }).resolves({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: false,
      },
    });
    expect(await s3ControlPublicAccessBlockReader(client)('210987654321')).toEqual({
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: false,
    });
  });

  it('reads "never configured" as nothing blocked, and a refusal as could-not-check naming the action', async () => {
    s3control.on(GetPublicAccessBlockCommand).rejectsOnce(error('NoSuchPublicAccessBlockConfiguration', 404));
    expect(await s3ControlPublicAccessBlockReader(client)('210987654321')).toBeNull();
    s3control.on(GetPublicAccessBlockCommand).rejects(error('AccessDenied', 403));
    const port = createSdkPosturePort({
      accountId: '210987654321',
      logger: createSilentLogger(),
      clients: {} as never,
      accountPublicAccessBlock: s3ControlPublicAccessBlockReader(client),
    });
    expect(await port.accountPublicAccessBlock()).toMatchObject({
      couldNotCheck: true,
      missingPermission: 's3:GetAccountPublicAccessBlock',
    });
  });
});
