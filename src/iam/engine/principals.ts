import type { CheckContext } from '../checks/check.js';
import type { IamGroup, IamRole, IamUser, Inventory, ManagedPolicy } from '../model.js';
import {
  combine,
  type DocumentAnalysis,
  type EffectivePermissions,
  PermissionAnalyzer,
} from './permissions.js';

/**
 * The effective permissions of every user (with its groups' policies) and role in an inventory,
 * computed once per audit and shared by the checks and the report. Managed and group documents
 * are analysed once however many principals use them. Permission boundaries, SCPs and resource
 * policies are not applied: the result is what the identity policies allow, the upper bound an
 * access review should question.
 */

export interface PrincipalPermissions {
  readonly kind: 'user' | 'role';
  readonly name: string;
  readonly arn: string;
  readonly permissions: EffectivePermissions;
}

const computed = new WeakMap<CheckContext, ReadonlyMap<string, PrincipalPermissions>>();

export function principalPermissions(ctx: CheckContext): ReadonlyMap<string, PrincipalPermissions> {
  const cached = computed.get(ctx);
  if (cached) return cached;
  const result = compute(ctx.inventory, new PermissionAnalyzer(ctx.catalog));
  computed.set(ctx, result);
  return result;
}

function compute(inventory: Inventory, analyzer: PermissionAnalyzer): Map<string, PrincipalPermissions> {
  const policies = new Map<string, ManagedPolicy>(inventory.policies.map((p) => [p.arn, p]));
  const managed = new Map<string, DocumentAnalysis | undefined>();
  const managedAnalysis = (arn: string) => {
    if (!managed.has(arn)) {
      const policy = policies.get(arn);
      managed.set(arn, policy ? analyzer.analyse(policy.document, policy.name) : undefined);
    }
    return managed.get(arn);
  };
  const own = (p: IamUser | IamRole | IamGroup, prefix: string): DocumentAnalysis[] => [
    ...p.inlinePolicies.map((i) => analyzer.analyse(i.document, `${prefix}inline:${i.name}`)),
    ...p.attachedPolicies.flatMap((ref) => {
      const a = managedAnalysis(ref.arn);
      // Re-label so evidence says it came through the group.
      return a ? [prefix ? { ...a, grants: relabel(a, `${prefix}${ref.name}`) } : a] : [];
    }),
  ];
  const groups = new Map<string, DocumentAnalysis[]>();
  for (const g of inventory.groups) groups.set(g.name, own(g, `group:${g.name}/`));

  const result = new Map<string, PrincipalPermissions>();
  for (const user of inventory.users) {
    const docs = [...own(user, ''), ...user.groups.flatMap((g) => groups.get(g) ?? [])];
    result.set(user.arn, { kind: 'user', name: user.name, arn: user.arn, permissions: combine(docs) });
  }
  for (const role of inventory.roles)
    result.set(role.arn, {
      kind: 'role',
      name: role.name,
      arn: role.arn,
      permissions: combine(own(role, '')),
    });
  return result;
}

function relabel(a: DocumentAnalysis, source: string): DocumentAnalysis['grants'] {
  return new Map([...a.grants].map(([i, ref]) => [i, { ...ref, source }]));
}
