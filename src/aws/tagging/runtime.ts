import { IAMClient } from '@aws-sdk/client-iam';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import type { AppContext } from '../../platform/context.js';
import type { AwsClientCache } from '../client-cache.js';
import type { ResourceTagsPort } from './port.js';
import { createSdkResourceTagsPort } from './sdk.js';

/**
 * The SDK tag port of an account (the first configured account by default), over the runtime's
 * client cache; none when no account is configured.
 */
export function sdkTagsPorts(
  clients: AwsClientCache,
): (ctx: Pick<AppContext, 'config' | 'logger'>, accountId?: string) => ResourceTagsPort | undefined {
  return (ctx, accountId) => {
    const account = ctx.config.aws.accounts.find((a) => a.id === accountId) ?? ctx.config.aws.accounts[0];
    const region = account?.regions[0];
    if (!account || !region) return undefined;
    return clients.get('tags', account.id, region, (clientConfig) =>
      createSdkResourceTagsPort({
        tagging: new ResourceGroupsTaggingAPIClient(clientConfig),
        iam: new IAMClient(clientConfig),
        logger: ctx.logger,
      }),
    );
  };
}
