import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import type { AwsClientCache } from '../client-cache.js';
import { type IamRuntimeContext, iamClientFor, roleArnOf } from '../iam/runtime.js';
import type { RemediationAwsPort } from './port.js';
import { createSdkRemediationPort } from './sdk-port.js';

/** Builds the port of one account and region; the sandbox passes its sample account instead. */
export type RemediationPortFor = (
  ctx: IamRuntimeContext,
  accountId: string,
  region: string,
) => RemediationAwsPort;

/**
 * The production remediation port of each configured account and region, over the runtime's
 * client cache: every client assumes the account's role (config `aws.accounts[].roleArn`).
 * An account missing from config is a NotFoundError from the cache, before any call.
 */
export function sdkRemediationPorts(clients: AwsClientCache): RemediationPortFor {
  return (ctx, accountId, region) =>
    createSdkRemediationPort(
      {
        iam: iamClientFor(clients, ctx, accountId),
        ec2: clients.get('ec2', accountId, region, (config) => new EC2Client(config)),
        s3: clients.get('s3-remediation', accountId, region, (config) => new S3Client(config)),
      },
      { accountId, region, ...roleArnOf(ctx, accountId) },
    );
}
