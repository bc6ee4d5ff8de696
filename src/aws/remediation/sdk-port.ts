import type { EC2Client } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { S3Client } from '@aws-sdk/client-s3';
import type { RemediationCallScope } from './call.js';
import type { RemediationAwsPort } from './port.js';
import { sdkEc2Part } from './sdk-ec2.js';
import { sdkIamPart } from './sdk-iam.js';
import { sdkS3Part } from './sdk-s3.js';

export interface SdkRemediationClients {
  readonly iam: IAMClient;
  readonly ec2: EC2Client;
  readonly s3: S3Client;
}

/** The remediation port over real SDK clients (one account and region; clients assume its role). */
export function createSdkRemediationPort(
  clients: SdkRemediationClients,
  scope: RemediationCallScope,
): RemediationAwsPort {
  return {
    accountId: scope.accountId,
    region: scope.region,
    ...sdkIamPart(clients.iam, scope),
    ...sdkEc2Part(clients.ec2, scope),
    ...sdkS3Part(clients.s3, scope),
  };
}
