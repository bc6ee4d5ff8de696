import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { AwsClientCache } from '../client-cache.js';
import type { CloudTrailLogsPort } from './port.js';
import { SdkCloudTrailLogsPort } from './sdk-port.js';

/** The SDK CloudTrail logs port of each account and region, over the runtime's client cache. */
export function sdkCloudTrailLogsPorts(
  clients: AwsClientCache,
): (ctx: unknown, target: { accountId: string; region: string }) => CloudTrailLogsPort {
  return (_ctx, { accountId, region }) =>
    clients.get(
      'cloudwatch-logs',
      accountId,
      region,
      (config, target) => new SdkCloudTrailLogsPort(new CloudWatchLogsClient(config), target),
    );
}
