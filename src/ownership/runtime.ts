import { readFile } from 'node:fs/promises';
import { IAMClient } from '@aws-sdk/client-iam';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { awsClientsFor } from '../aws/client-cache.js';
import type { ResourceTagsPort } from '../aws/tagging/port.js';
import { createSdkResourceTagsPort } from '../aws/tagging/sdk.js';
import type { Config } from '../platform/config/schema.js';
import type { Logger } from '../platform/log/logger.js';
import type { OwnersRegistry } from './registry.js';
import { emptyOwnersRegistry, parseOwnersRegistry } from './registry.js';

/**
 * The owners registry of a running Watchkeeper: read from `ownership.registryFile` on first use
 * and kept (restart to pick up edits; a bad file fails the look-up with its line and field).
 */
const registries = new WeakMap<object, Promise<OwnersRegistry>>();

export function ownersRegistryFor(config: Readonly<Config>): Promise<OwnersRegistry> {
  let registry = registries.get(config);
  if (!registry) {
    const file = config.ownership.registryFile;
    registry = file
      ? readFile(file, 'utf8').then((text) => parseOwnersRegistry(text, { source: file }))
      : Promise.resolve(emptyOwnersRegistry());
    registry.catch(() => registries.delete(config));
    registries.set(config, registry);
  }
  return registry;
}

/** The SDK tag port for an account (first configured account by default); none without accounts. */
export function sdkTagsPortFor(
  config: Readonly<Config>,
  logger: Logger,
  accountId?: string,
): ResourceTagsPort | undefined {
  const account = config.aws.accounts.find((a) => a.id === accountId) ?? config.aws.accounts[0];
  const region = account?.regions[0];
  if (!account || !region) return undefined;
  return awsClientsFor(config).get('tags', account.id, region, (clientConfig) =>
    createSdkResourceTagsPort({
      tagging: new ResourceGroupsTaggingAPIClient(clientConfig),
      iam: new IAMClient(clientConfig),
      logger,
    }),
  );
}
