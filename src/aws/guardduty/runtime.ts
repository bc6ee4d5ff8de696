import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import type { AwsClientCache } from '../client-cache.js';
import type { GuardDutyFindingsPort } from './port.js';
import { SdkGuardDutyFindingsPort } from './sdk-port.js';

/** The SDK findings port of each account and region, over the runtime's client cache. */
export function sdkGuardDutyFindingsPorts(
  clients: AwsClientCache,
): (ctx: unknown, target: { accountId: string; region: string }) => GuardDutyFindingsPort {
  return (_ctx, { accountId, region }) =>
    clients.get(
      'guardduty',
      accountId,
      region,
      (config, target) => new SdkGuardDutyFindingsPort(new GuardDutyClient(config), target),
    );
}
