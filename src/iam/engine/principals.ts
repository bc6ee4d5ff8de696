import type { CheckContext } from '../checks/check.js';
import { scpLevels } from './decide.js';
import { EscalationAnalysis, type MethodOutcome } from './escalation-analysis.js';
import { PermissionAnalyzer } from './permissions.js';
import type { Fence, PolicySet } from './policy-set.js';
import { allowsEveryAction, isCertainDeny, isFullAdmin } from './statements.js';
import type { Subject } from './subjects.js';
import { buildWorld } from './world.js';

/**
 * The effective permissions of every user (with its groups' policies) and role in an inventory,
 * computed once per audit and shared by the checks and the report. Each document is analysed once
 * however many principals use it (the coarse pass), then only the escalation methods that pass it
 * are checked precisely: resources, conditions, Denies from every policy, the permissions boundary
 * and, when supplied, the SCPs. Resource-based policies other than role trust are not read.
 */

export interface EscalationPath {
  readonly method: string;
  /** Each action of the method, the statement that grants it and the resource it works on. */
  readonly grants: Extract<MethodOutcome, { kind: 'holds' }>['grants'];
}

export interface PossibleEscalation extends EscalationPath {
  /** Why the analysis could not decide. */
  readonly reasons: readonly string[];
}

export interface BlockedEscalation {
  readonly method: string;
  /** What denied it: a statement, a permissions boundary or the SCPs. */
  readonly by: string;
}

export interface EffectivePermissions {
  readonly admin: boolean;
  /** What stopped "*" on "*" from counting, when an admin grant is fenced. */
  readonly adminFencedBy?: string;
  readonly escalations: readonly EscalationPath[];
  readonly possible: readonly PossibleEscalation[];
  readonly blocked: readonly BlockedEscalation[];
}

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
  const world = buildWorld(ctx.inventory, new PermissionAnalyzer(ctx.catalog), ctx.catalog);
  const analysis = new EscalationAnalysis(world);
  const result = new Map<string, PrincipalPermissions>();
  for (const subject of [...world.users, ...world.roles])
    result.set(subject.arn, {
      kind: subject.kind,
      name: subject.name,
      arn: subject.arn,
      permissions: effective(subject, analysis),
    });
  computed.set(ctx, result);
  return result;
}

function effective(subject: Subject, analysis: EscalationAnalysis): EffectivePermissions {
  const fencedBy = subject.coarse.admin ? adminFence(subject.set) : undefined;
  const admin = subject.coarse.admin && fencedBy === undefined;
  const escalations: EscalationPath[] = [];
  const possible: PossibleEscalation[] = [];
  const blocked: BlockedEscalation[] = [];
  // An admin can do every method; listing them would only bury the admin finding.
  if (!admin)
    for (const method of subject.coarse.candidates) {
      const outcome = analysis.analyse(subject, method);
      if (outcome.kind === 'holds') escalations.push({ method: outcome.method, grants: outcome.grants });
      else if (outcome.kind === 'possible')
        possible.push({ method: outcome.method, grants: outcome.grants, reasons: outcome.reasons });
      else if (outcome.kind === 'blocked') blocked.push({ method: outcome.method, by: outcome.by });
    }
  return { admin, ...(fencedBy ? { adminFencedBy: fencedBy } : {}), escalations, possible, blocked };
}

/** Why "*" on "*" does not reach the principal: a boundary or SCPs that do not allow everything. */
function adminFence(set: PolicySet): string | undefined {
  const allowsAll = (fence: Fence) =>
    fence.statements?.some(({ statement }) => isFullAdmin(statement) && !statement.Condition) ?? false;
  if (set.boundary && !allowsAll(set.boundary)) return set.boundary.label;
  for (const level of scpLevels(set.scps))
    if (!level.some(allowsAll))
      return `the service control policies${level[0]?.level ? ` attached to ${level[0].level}` : ''}`;
  // A guardrail (Deny leaving the organization) leaves an admin an admin; only "*" denied fences it.
  const denying = [...(set.boundary?.statements ?? []), ...set.scps.flatMap((s) => s.statements ?? [])].find(
    ({ statement }) => isCertainDeny(statement) && allowsEveryAction(statement),
  );
  return denying ? `a Deny in ${denying.ref.source}` : undefined;
}
