import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AwsClientCache } from '../client-cache.js';
import type { SecurityHubFindingsPort } from './port.js';
import { SdkSecurityHubFindingsPort } from './sdk-port.js';

/** The SDK findings port of each account and region, over the runtime's client cache. */
export function sdkSecurityHubFindingsPorts(
  clients: AwsClientCache,
): (ctx: unknown, target: { accountId: string; region: string }) => SecurityHubFindingsPort {
  return (_ctx, { accountId, region }) =>
    clients.get(
      'securityhub',
      accountId,
      region,
      (config, target) => new SdkSecurityHubFindingsPort(new SecurityHubClient(config), target),
    );
}
