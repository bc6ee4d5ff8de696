import type { PolicyStatement } from '../model.js';
import { type ConditionContext, evaluateCondition } from './conditions.js';
import { type Mask, maskCovers } from './permissions.js';
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

export interface SourcedStatement {
  readonly statement: PolicyStatement;
  readonly ref: StatementRef;
  /** The relevant actions it covers (from the action catalogue), when computed: a bit test. */
  readonly actions?: Mask;
}

/** A policy that fences the principal in: its permissions boundary or one SCP. */
export interface Fence {
  /** "permissions boundary X" or "service control policy Y", for evidence. */
  readonly label: string;
  /** Undefined: the policy is named but its document is not in the inventory. */
  readonly statements?: readonly SourcedStatement[];
  /**
   * For an SCP, where it is attached (`account …`, an OU, `root …`): AWS lets a request through
   * only when some SCP at every level allows it. Undefined: not known, all such SCPs are one level.
   */
  readonly level?: string;
}

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

export interface PolicySet {
  readonly identity: readonly SourcedStatement[];
  readonly boundary?: Fence;
  /** Empty: no SCPs supplied (or a service-linked role, which SCPs do not restrict). */
  readonly scps: readonly Fence[];
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

/** Whether the statement's Action/NotAction covers the action: a bit test when its mask is known. */
export function covers(s: SourcedStatement, action: string): boolean {
  const covered = s.actions ? maskCovers(s.actions, action) : undefined;
  return covered ?? actionMatches(s.statement, action);
}

/** Per statement object: managed policies' statements are shared by every principal they apply to. */
const actionMatchCache = new WeakMap<PolicyStatement, Map<string, boolean>>();

export function actionMatches(statement: PolicyStatement, action: string): boolean {
  let cache = actionMatchCache.get(statement);
  if (!cache) {
    cache = new Map();
    actionMatchCache.set(statement, cache);
  }
  let matches = cache.get(action);
  if (matches === undefined) {
    matches = statement.Action
      ? statement.Action.some((p) => wildcardMatches(p, action, true))
      : !(statement.NotAction ?? []).some((p) => wildcardMatches(p, action, true));
    cache.set(action, matches);
  }
  return matches;
}

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
  const hit = patterns.some((raw) => {
    const pattern = resolveVariables(raw, ctx);
    if (pattern === undefined) {
      unresolved = true;
      return false;
    }
    if (pattern === null) return false;
    return wildcardMatches(pattern, resource, false);
  });
  if (hit) return !negated;
  // An unknowable variable in a Deny's resource might cover this one; in an Allow it grants nothing
  // certain, which the caller reports as "possible" only if nothing else grants it.
  return unresolved ? 'unresolved' : negated;
}

/** The first statement of `statements` with this effect that applies, and what is undecided. */
function applying(
  statements: readonly SourcedStatement[],
  effect: PolicyStatement['Effect'],
  action: string,
  resource: RequestResource,
  ctx: ConditionContext,
): { certain?: SourcedStatement; undecided: ReadonlyArray<{ s: SourcedStatement; why: string }> } {
  // Allocated only when needed: this runs for every request of every principal.
  let undecided: Array<{ s: SourcedStatement; why: string }> | undefined;
  for (const s of statements) {
    if (s.statement.Effect !== effect) continue;
    if (!covers(s, action)) continue;
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
  return { undecided: undecided ?? NONE };
}

const NONE: ReadonlyArray<{ s: SourcedStatement; why: string }> = [];

export function decide(
  set: PolicySet,
  action: string,
  resource: RequestResource,
  ctx: ConditionContext,
): Decision {
  const reasons: string[] = [];
  const fences = [...(set.boundary ? [set.boundary] : []), ...set.scps];
  const denyIn = (statements: readonly SourcedStatement[], label: (s: SourcedStatement) => string) => {
    const found = applying(statements, 'Deny', action, resource, ctx);
    if (found.certain) return label(found.certain);
    for (const u of found.undecided) reasons.push(`may be denied by ${label(u.s)} (${u.why})`);
    return undefined;
  };
  const identityDeny = denyIn(set.identity, (s) => describeRef(s.ref));
  if (identityDeny) return { kind: 'denied', by: identityDeny };
  for (const fence of fences) {
    if (!fence.statements) continue;
    const by = denyIn(fence.statements, (s) => `${fence.label} (${describeRef(s.ref)})`);
    if (by) return { kind: 'denied', by };
  }

  const grant = applying(set.identity, 'Allow', action, resource, ctx);
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
  const found = applying(fence.statements, 'Allow', action, resource, ctx);
  if (found.certain) return true;
  if (found.undecided.length) {
    reasons.push(`${fence.label} allows ${action} only where ${found.undecided[0]?.why}`);
    return 'undecided';
  }
  return false;
}

const TARGET_KEYS = /^(aws|iam):resourcetag\/|^iam:passedtoservice$/i;
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
  const statements = [
    ...set.identity,
    ...(set.boundary?.statements ?? []),
    ...set.scps.flatMap((s) => s.statements ?? []),
  ];
  const independent = statements.every(
    (s) =>
      !covers(s, action) ||
      (s.statement.NotResource === undefined &&
        s.statement.Resource?.length === 1 &&
        s.statement.Resource[0] === '*' &&
        Object.values(s.statement.Condition ?? {}).every((byKey) =>
          Object.keys(byKey).every((k) => !TARGET_KEYS.test(k)),
        )),
  );
  cache.set(action, independent);
  return independent;
}
