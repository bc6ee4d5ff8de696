import { IAMClient } from '@aws-sdk/client-iam';
import type { AppContext } from '../../runtime/context.js';
import { awsClientsFor } from '../client-cache.js';
import { createIamCollector } from './collector.js';
import type { IamInventoryPort } from './port.js';

/** IAM is global; its client is built in the account's first region (the STS call stays regional). */
export function iamClientFor(ctx: AppContext, accountId: string): IAMClient {
  const clients = awsClientsFor(ctx.config);
  const region = ctx.config.aws.accounts.find((a) => a.id === accountId)?.regions[0] ?? 'us-east-1';
  return clients.get('iam', accountId, region, (config) => new IAMClient(config));
}

/** The production inventory port of one configured account. */
export function sdkIamInventoryPortFor(ctx: AppContext, accountId: string): IamInventoryPort {
  const roleArn = ctx.config.aws.accounts.find((a) => a.id === accountId)?.roleArn;
  return createIamCollector({
    client: iamClientFor(ctx, accountId),
    accountId,
    redis: ctx.redis,
    prefix: ctx.config.redis.prefix,
    now: ctx.now,
    logger: ctx.logger,
    ...(roleArn ? { roleArn } : {}),
  });
}
