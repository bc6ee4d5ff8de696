import { readFile } from 'node:fs/promises';
import type { Config } from '../platform/config/schema.js';
import type { OwnersRegistry } from './registry.js';
import { emptyOwnersRegistry, parseOwnersRegistry } from './registry.js';

/**
 * The owners registry of a running Watchkeeper: read from `ownership.registryFile` on first use
 * and kept (restart to pick up edits). A bad file fails the look-up with its line and field, and
 * is read again on the next look-up, so fixing it needs no restart.
 */
export function ownersRegistryLoader(config: Readonly<Config>): () => Promise<OwnersRegistry> {
  let registry: Promise<OwnersRegistry> | undefined;
  return () => {
    if (!registry) {
      const file = config.ownership.registryFile;
      const loading = file
        ? readFile(file, 'utf8').then((text) => parseOwnersRegistry(text, { source: file }))
        : Promise.resolve(emptyOwnersRegistry());
      loading.catch(() => {
        if (registry === loading) registry = undefined;
      });
      registry = loading;
    }
    return registry;
  };
}
