import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { AppContext } from '../../platform/context.js';
import type { AwsClientCache } from '../client-cache.js';
import type { IamInventoryPort } from './port.js';
import { createSdkIamInventoryPort } from './sdk-port.js';

/**
 * The production IAM ports of one configured account, built from the runtime's client cache (one
 * IAMClient per account, so assume-role credentials are reused). They take only the parts of
 * the AppContext they use.
 */
export type IamRuntimeContext = Pick<AppContext, 'config' | 'redis' | 'now' | 'logger'>;

/**
 * IAM is a global service; the client is built in the account's first configured region so the
 * STS assume-role call stays regional, and in us-east-1 when the account lists no region.
 */
export function iamClientFor(clients: AwsClientCache, ctx: IamRuntimeContext, accountId: string): IAMClient {
  const region = ctx.config.aws.accounts.find((a) => a.id === accountId)?.regions[0] ?? 'us-east-1';
  return clients.get('iam', accountId, region, (config) => new IAMClient(config));
}

/**
 * AWS Organizations answers in us-east-1 (its one endpoint in the commercial partition); the
 * account's credentials are used, so it answers only when the account is the management account
 * or a delegated administrator, and the review notes the SCPs as not read otherwise.
 */
export function organizationsClientFor(clients: AwsClientCache, accountId: string): OrganizationsClient {
  return clients.get('organizations', accountId, 'us-east-1', (config) => new OrganizationsClient(config));
}

/** The role Watchkeeper assumes in the account, for permission errors. */
export function roleArnOf(ctx: IamRuntimeContext, accountId: string): { roleArn?: string } {
  const roleArn = ctx.config.aws.accounts.find((a) => a.id === accountId)?.roleArn;
  return roleArn ? { roleArn } : {};
}

/** The SDK inventory port of each account, over the runtime's client cache. */
export function sdkIamInventoryPorts(
  clients: AwsClientCache,
): (ctx: IamRuntimeContext, accountId: string) => IamInventoryPort {
  return (ctx, accountId) =>
    createSdkIamInventoryPort({
      client: iamClientFor(clients, ctx, accountId),
      organizations: organizationsClientFor(clients, accountId),
      redis: ctx.redis,
      prefix: ctx.config.redis.prefix,
      accountId,
      now: ctx.now,
      logger: ctx.logger,
      ...roleArnOf(ctx, accountId),
    });
}
