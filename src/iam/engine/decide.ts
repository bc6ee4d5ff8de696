import type { PolicyStatement } from '../model.js';
import { type ConditionContext, evaluateCondition } from './conditions.js';
import { covering, identityCovering } from './covering.js';
import type { Fence, PolicySet, SourcedStatement } from './policy-set.js';
import { resolveVariables, wildcardMatches } from './policy-variables.js';
import { describeRef, type StatementRef } from './statements.js';

/**
 * Whether one principal may make one request (an action on a resource), the way AWS decides it
 * within an account: an explicit Deny anywhere (identity policies, permissions boundary, service
 * control policies) wins; otherwise an identity policy must allow it, and so must the boundary
 * when there is one and at least one SCP when SCPs were supplied. Where the inventory cannot
 * settle a statement (an unknown condition key, a boundary policy not in the document) the answer
 * is "possible" with the reason, never a guess either way.
 */

const levelsOf = new WeakMap<readonly Fence[], readonly (readonly Fence[])[]>();

/** The SCPs grouped by the level they are attached at; computed once per SCP list. */
export function scpLevels(scps: readonly Fence[]): readonly (readonly Fence[])[] {
  let levels = levelsOf.get(scps);
  if (!levels) {
    const byLevel = new Map<string | undefined, Fence[]>();
    for (const scp of scps) {
      const list = byLevel.get(scp.level);
      if (list) list.push(scp);
      else byLevel.set(scp.level, [scp]);
    }
    levels = [...byLevel.values()];
    levelsOf.set(scps, levels);
  }
  return levels;
}

export type Decision =
  | { readonly kind: 'allowed'; readonly by: StatementRef }
  | { readonly kind: 'possible'; readonly by: StatementRef; readonly reasons: readonly string[] }
  | { readonly kind: 'denied'; readonly by: string }
  | { readonly kind: 'not-allowed' };

/**
 * The resource of a request: an ARN the inventory knows (a user, role, group or policy), or
 * `undefined` when the resource is one the caller creates or picks (an instance, a function):
 * then any resource an Allow names will do, and a Deny blocks only when it covers every resource.
 */
export type RequestResource = string | undefined;

function resourceMatches(
  statement: PolicyStatement,
  resource: RequestResource,
  ctx: ConditionContext,
): boolean | 'unresolved' {
  const negated = statement.NotResource !== undefined;
  const patterns = statement.NotResource ?? statement.Resource ?? [];
  if (resource === undefined) {
    if (statement.Effect === 'Allow') return negated || patterns.length > 0;
    return !negated && patterns.includes('*');
  }
  let unresolved = false;
  for (const raw of patterns) {
    const pattern = resolveVariables(raw, ctx);
    if (pattern === undefined) unresolved = true;
    else if (pattern !== null && wildcardMatches(pattern, resource, false)) return !negated;
  }
  // An unknowable variable in a Deny's resource might cover this one; in an Allow it grants nothing
  // certain, which the caller reports as "possible" only if nothing else grants it.
  return unresolved ? 'unresolved' : negated;
}

/**
 * Of statements covering the action (one effect): the first that certainly applies, and those
 * undecided before it.
 */
interface Applying {
  readonly certain?: SourcedStatement;
  readonly undecided: ReadonlyArray<{ s: SourcedStatement; why: string }>;
}

const NONE: ReadonlyArray<{ s: SourcedStatement; why: string }> = [];
const NOTHING_APPLIES: Applying = { undecided: NONE };

/** What applies of `statements`, already narrowed (`covering`) to one effect and the action. */
function applying(
  statements: readonly SourcedStatement[],
  resource: RequestResource,
  ctx: ConditionContext,
): Applying {
  // Allocated only when needed: this runs for every request of every principal.
  let undecided: Array<{ s: SourcedStatement; why: string }> | undefined;
  for (const s of statements) {
    const onResource = resourceMatches(s.statement, resource, ctx);
    if (onResource === false) continue;
    const condition = evaluateCondition(s.statement, ctx);
    if (condition.holds === false) continue;
    if (onResource === true && condition.holds === true) return { certain: s, undecided: undecided ?? NONE };
    undecided ??= [];
    undecided.push({
      s,
      why:
        condition.holds === 'unknown'
          ? `condition on ${condition.keys.join(', ')} cannot be evaluated from the inventory`
          : 'its resource uses a policy variable the inventory cannot resolve',
    });
  }
  return undecided ? { undecided } : NOTHING_APPLIES;
}

export function decide(
  set: PolicySet,
  action: string,
  resource: RequestResource,
  ctx: ConditionContext,
): Decision {
  const reasons: string[] = [];
  const identity = identityCovering(set, action);
  const identityDeny = applying(identity.deny, resource, ctx);
  if (identityDeny.certain) return { kind: 'denied', by: describeRef(identityDeny.certain.ref) };
  for (const u of identityDeny.undecided) reasons.push(`may be denied by ${describeRef(u.s.ref)} (${u.why})`);
  if (set.boundary) {
    const by = fenceDenies(set.boundary, action, resource, ctx, reasons);
    if (by) return { kind: 'denied', by };
  }
  for (const fence of set.scps) {
    const by = fenceDenies(fence, action, resource, ctx, reasons);
    if (by) return { kind: 'denied', by };
  }

  const grant = applying(identity.allow, resource, ctx);
  const by = grant.certain?.ref ?? grant.undecided[0]?.s.ref;
  if (!by) return { kind: 'not-allowed' };
  if (!grant.certain) reasons.push(`granted only by ${describeRef(by)}, whose ${grant.undecided[0]?.why}`);

  if (set.boundary) {
    const fenced = fenceAllows(set.boundary, action, resource, ctx, reasons);
    if (fenced === false)
      return { kind: 'denied', by: `${set.boundary.label} (it does not allow ${action})` };
  }
  for (const level of scpLevels(set.scps)) {
    const outcomes = level.map((scp) => fenceAllows(scp, action, resource, ctx, []));
    const where = level[0]?.level ? ` attached to ${level[0].level}` : '';
    if (outcomes.every((o) => o === false))
      return {
        kind: 'denied',
        by: `the service control policies${where} (none of ${level.map((s) => s.label).join(', ')} allows ${action})`,
      };
    if (!outcomes.includes(true))
      reasons.push(`no service control policy${where} certainly allows ${action}`);
  }
  return reasons.length ? { kind: 'possible', by, reasons } : { kind: 'allowed', by };
}

/**
 * The boundary's or SCP's statement that certainly denies the request, labelled; undecided ones
 * become reasons.
 */
function fenceDenies(
  fence: Fence,
  action: string,
  resource: RequestResource,
  ctx: ConditionContext,
  reasons: string[],
): string | undefined {
  if (!fence.statements) return undefined;
  const found = applying(covering(fence.statements, action).deny, resource, ctx);
  if (found.certain) return `${fence.label} (${describeRef(found.certain.ref)})`;
  for (const u of found.undecided)
    reasons.push(`may be denied by ${fence.label} (${describeRef(u.s.ref)}) (${u.why})`);
  return undefined;
}

/** Whether a boundary or SCP lets the request through: true, false or undecided (reason added). */
function fenceAllows(
  fence: Fence,
  action: string,
  resource: RequestResource,
  ctx: ConditionContext,
  reasons: string[],
): boolean | 'undecided' {
  if (!fence.statements) {
    reasons.push(`${fence.label} is not in the authorization details, so what it allows is unknown`);
    return 'undecided';
  }
  const found = applying(covering(fence.statements, action).allow, resource, ctx);
  if (found.certain) return true;
  if (found.undecided.length) {
    reasons.push(`${fence.label} allows ${action} only where ${found.undecided[0]?.why}`);
    return 'undecided';
  }
  return false;
}

const TARGET_KEYS = /^(aws|iam):resourcetag\/|^iam:passedtoservice$/i;

/** `"*"` alone, with no condition on the target's tags or the service a role is passed to. */
function onEveryResourceAlike({ statement }: SourcedStatement): boolean {
  return (
    statement.NotResource === undefined &&
    statement.Resource?.length === 1 &&
    statement.Resource[0] === '*' &&
    Object.values(statement.Condition ?? {}).every((byKey) =>
      Object.keys(byKey).every((k) => !TARGET_KEYS.test(k)),
    )
  );
}
const independence = new WeakMap<PolicySet, Map<string, boolean>>();

/**
 * Whether every statement that could bear on `action` covers every resource alike (`"*"` and no
 * condition on the target's tags or service): then one decision holds for all targets, and a
 * principal allowed sts:AssumeRole on "*" is not re-decided for each of thousands of roles.
 */
export function resourceIndependent(set: PolicySet, action: string): boolean {
  let cache = independence.get(set);
  if (!cache) {
    cache = new Map();
    independence.set(set, cache);
  }
  const known = cache.get(action);
  if (known !== undefined) return known;
  const coverings = [
    identityCovering(set, action),
    ...(set.boundary?.statements ? [covering(set.boundary.statements, action)] : []),
    ...set.scps.flatMap((s) => (s.statements ? [covering(s.statements, action)] : [])),
  ];
  const independent = coverings.every(
    ({ allow, deny }) => allow.every(onEveryResourceAlike) && deny.every(onEveryResourceAlike),
  );
  cache.set(action, independent);
  return independent;
}
