import type { OwnersRegistry } from '../../ownership/registry.js';
import { findOwnerRule } from '../../ownership/registry-match.js';
import type { Inventory } from '../model.js';
import type { OwnershipCount } from './report-store.js';

/**
 * How many IAM users and roles have a known owner: an owner tag (the configured keys) or an
 * owners.yaml rule that names them. An account default is a fallback, not a known owner, so it
 * does not count. Service-linked roles belong to AWS and are left out of both counts.
 */
export function countOwnedPrincipals(
  inventory: Inventory,
  registry: OwnersRegistry,
  tagKeys: readonly string[],
): OwnershipCount {
  const principals = [
    ...inventory.users.map((u) => ({ arn: u.arn, name: u.name, tags: u.tags })),
    ...inventory.roles
      .filter((r) => !r.path.startsWith('/aws-service-role/'))
      .map((r) => ({ arn: r.arn, name: r.name, tags: r.tags })),
  ];
  let withOwner = 0;
  for (const p of principals) {
    const tagged = tagKeys.some((key) => (p.tags[key] ?? '').trim() !== '');
    const ruled = () =>
      findOwnerRule(registry, {
        arn: p.arn,
        names: [p.name],
        ...(inventory.accountId ? { accountId: inventory.accountId } : {}),
        tags: p.tags,
      }) !== undefined;
    if (tagged || ruled()) withOwner += 1;
  }
  return { withOwner, total: principals.length };
}
