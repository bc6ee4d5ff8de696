import { EC2Client, EC2ServiceException } from '@aws-sdk/client-ec2';
import { IAMClient, IAMServiceException, NoSuchEntityException } from '@aws-sdk/client-iam';
import { S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import type { RemediationAwsPort } from '../../../src/aws/remediation/port.js';
import { createSdkRemediationPort } from '../../../src/aws/remediation/sdk-port.js';
import type { ActionRun } from '../../../src/remediation/actions/types.js';

/**
 * The real SDK remediation port over real SDK clients whose transport aws-sdk-client-mock
 * replaces. Account 444455556666 and every id here are invented.
 */
export const ACCOUNT = '444455556666';
export const REGION = 'eu-west-1';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/watchkeeper-responder`;

export const iamMock = mockClient(IAMClient);
export const ec2Mock = mockClient(EC2Client);
export const s3Mock = mockClient(S3Client);

export function resetAwsMocks(): void {
  iamMock.reset();
  ec2Mock.reset();
  s3Mock.reset();
}

const credentials = { accessKeyId: 'AKIATESTTESTTESTTEST', secretAccessKey: 'test-secret-not-real' };

/** The port with the account's role; `null` for an account without one (the default credential chain). */
export function sdkPort(roleArn: string | null = ROLE_ARN): RemediationAwsPort {
  return createSdkRemediationPort(
    {
      iam: new IAMClient({ region: REGION, credentials, maxAttempts: 1 }),
      ec2: new EC2Client({ region: REGION, credentials, maxAttempts: 1 }),
      s3: new S3Client({ region: REGION, credentials, maxAttempts: 1 }),
    },
    { accountId: ACCOUNT, region: REGION, ...(roleArn ? { roleArn } : {}) },
  );
}

export function runOf(port: RemediationAwsPort, saved: unknown[] = []): ActionRun {
  return {
    port,
    options: { snapshotVolumes: true, isolationGroupName: 'watchkeeper-isolation' },
    requestId: 'INC-TEST.action.abc.1',
    saveProgress: async (state) => {
      saved.push(state);
    },
  };
}

const denial = (action: string) =>
  `User: arn:aws:sts::${ACCOUNT}:assumed-role/watchkeeper-responder/watchkeeper is not authorized to perform: ${action} on resource: *`;

export const iamAccessDenied = (action: string) =>
  new IAMServiceException({
    name: 'AccessDenied',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
    message: denial(action),
  });
export const iamNoSuchEntity = (what = 'The user with name ghost cannot be found.') =>
  new NoSuchEntityException({ $metadata: { httpStatusCode: 404 }, message: what });
export const ec2Error = (name: string, message = name) =>
  new EC2ServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: name === 'UnauthorizedOperation' ? 403 : 400 },
    message,
  });
export const s3Error = (name: string, status: number) =>
  new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: name });
