import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import type { AppContext } from '../../platform/context.js';
import type { AwsClientCache } from '../client-cache.js';
import type { AwsClientConfig } from '../client-config.js';
import type { PosturePort } from './port.js';
import { s3ControlPublicAccessBlockReader } from './s3-control.js';
import { createSdkPosturePort } from './sdk-port.js';

/** Production posture of each account: the SDK port with one client per service, account and region. */
export function sdkPosturePorts(
  clients: AwsClientCache,
): (ctx: Pick<AppContext, 'config' | 'logger'>, accountId: string) => PosturePort {
  return (ctx, accountId) => {
    const inRegion =
      <T>(kind: string, build: (config: AwsClientConfig) => T) =>
      (region: string): T =>
        clients.get(kind, accountId, region, (config) => build(config));
    const homeRegion = ctx.config.aws.accounts.find((a) => a.id === accountId)?.regions[0] ?? 'us-east-1';
    return createSdkPosturePort({
      accountId,
      logger: ctx.logger,
      accountPublicAccessBlock: s3ControlPublicAccessBlockReader(
        clients.get('s3control', accountId, homeRegion, (config) => new S3ControlClient(config)),
      ),
      clients: {
        s3: inRegion('s3', (c) => new S3Client({ ...c, followRegionRedirects: true })),
        kms: inRegion('kms', (c) => new KMSClient(c)),
        cloudTrail: inRegion('cloudtrail', (c) => new CloudTrailClient(c)),
        guardDuty: inRegion('guardduty-posture', (c) => new GuardDutyClient(c)),
      },
    });
  };
}
