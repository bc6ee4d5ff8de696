import { broaderThan } from './broad-access.js';
import type { ConditionContext } from './conditions.js';
import { identityCovering } from './covering.js';
import { type Decision, decide, resourceIndependent } from './decide.js';
import {
  ENTITY_OF,
  type Entity,
  passRoleServices,
  type TargetKind,
  targetKind,
} from './escalation-targets.js';
import { LazyList } from './lazy-list.js';
import { type CandidateMethod, hasPower, outranks } from './permissions.js';
import { resolveVariables } from './policy-variables.js';
import type { StatementRef } from './statements.js';
import type { Subject, World } from './subjects.js';

/**
 * Whether a principal can really use an escalation method: every action allowed, by its identity
 * policies and through its boundary and SCPs with no Deny in the way, on a resource that makes it
 * exploitable (escalation-targets.ts). Actions on the same kind of resource (the role whose trust
 * is rewritten and then assumed) must work on the same one. Undecidable → "possible" with reasons.
 */

export interface ActionGrant {
  readonly action: string;
  readonly by: StatementRef;
  /** The resource it works on, e.g. `role admin-ops`; absent when any resource will do. */
  readonly on?: string;
}

export type MethodOutcome =
  | { readonly kind: 'holds'; readonly method: string; readonly grants: readonly ActionGrant[] }
  | {
      readonly kind: 'possible';
      readonly method: string;
      readonly grants: readonly ActionGrant[];
      readonly reasons: readonly string[];
    }
  | { readonly kind: 'blocked'; readonly method: string; readonly by: string }
  | { readonly kind: 'none'; readonly method: string };

interface Target {
  readonly arn: string;
  readonly label: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** iam:PassedToService for a PassRole onto this role. */
  readonly service?: string;
  /** The role's trust policy names the principal: sts:AssumeRole needs no identity grant. */
  readonly trustsDirectly?: boolean;
}

function lower(map: Readonly<Record<string, string>> | undefined, key: string): string | null {
  if (!map) return null;
  for (const [k, v] of Object.entries(map)) if (k.toLowerCase() === key) return v;
  return null;
}

function contextFor(subject: Subject, world: World, target?: Target): ConditionContext {
  return {
    value(key) {
      switch (key) {
        case 'aws:username':
          return subject.kind === 'user' ? subject.name : null;
        case 'aws:principalarn':
          return subject.arn;
        case 'aws:principalaccount':
          return subject.account;
        case 'aws:principaltype':
          return subject.kind === 'user' ? 'User' : 'AssumedRole';
        case 'aws:principalisawsservice':
          return 'false';
        case 'iam:passedtoservice':
          return target?.service ?? null;
      }
      if (key.startsWith('aws:principaltag/'))
        return lower(subject.tags, key.slice('aws:principaltag/'.length));
      const resourceTag = /^(?:aws|iam):resourcetag\/(.+)$/.exec(key);
      if (resourceTag) return target?.tags ? lower(target.tags, resourceTag[1] as string) : undefined;
      return undefined;
    },
    privilegedPolicy(arn) {
      const policy = world.policies.get(arn);
      // A policy the inventory does not hold (an AWS managed one nobody attached) may be anything.
      return policy ? hasPower(policy.coarse) : true;
    },
  };
}

const subjectTarget = (s: Subject): Target => ({ arn: s.arn, label: `${s.kind} ${s.name}`, tags: s.tags });

/**
 * What is worked out once per principal and shared by its methods (methods share actions, PassRole
 * answers serve every method of a service, several methods rewrite the same policies). Kept for
 * the principal analysed last only, as principals are analysed one by one: kept for every
 * principal, the roles and policies each can reach would hold millions of references on a large
 * account.
 */
interface PrincipalState {
  readonly subject: Subject;
  readonly untargeted: Map<string, Decision>;
  readonly passRole: Map<string, Step>;
  readonly named: Map<string, ReadonlySet<string> | 'any'>;
  reachableRoles?: LazyList<Subject>;
  /** Customer policies on the principal, its groups and the roles it can reach. */
  reachablePolicies?: LazyList<string>;
}

export class EscalationAnalysis {
  readonly #world: World;
  #current: PrincipalState | undefined;
  /** Customer policies attached to some role: the same for every principal, built on first use. */
  #rolePolicies: readonly string[] | undefined;
  #anyRoleWithBoundary: boolean | undefined;

  constructor(world: World) {
    this.#world = world;
  }

  analyse(subject: Subject, method: CandidateMethod): MethodOutcome {
    const byEntity = groupByEntity(method);
    const grants: ActionGrant[] = [];
    const reasons: string[] = [];
    let deniedBy: string | undefined;
    for (const [entity, actions] of byEntity) {
      const result =
        entity === 'none'
          ? this.#untargeted(
              subject,
              actions.map((a) => a.action),
            )
          : this.#onSameTarget(subject, method, actions);
      if (result.kind === 'none') {
        deniedBy ??= result.deniedBy;
        return deniedBy
          ? { kind: 'blocked', method: method.name, by: deniedBy }
          : { kind: 'none', method: method.name };
      }
      grants.push(...result.grants);
      reasons.push(...result.reasons);
    }
    grants.sort((a, b) => method.actions.indexOf(a.action) - method.actions.indexOf(b.action));
    return reasons.length
      ? { kind: 'possible', method: method.name, grants, reasons: [...new Set(reasons)] }
      : { kind: 'holds', method: method.name, grants };
  }

  #untargeted(subject: Subject, actions: readonly string[]): Step {
    // Methods share actions (lambda:CreateFunction is in several): decide each once per principal.
    const decisions = this.#state(subject).untargeted;
    let ctx: ConditionContext | undefined;
    return combineDecisions(
      actions.map((action) => {
        let decision = decisions.get(action);
        if (!decision) {
          ctx ??= contextFor(subject, this.#world);
          decision = decide(subject.set, action, undefined, ctx);
          decisions.set(action, decision);
        }
        return { action, decision };
      }),
    );
  }

  /** Tries each exploitable target until one lets every action through. */
  #onSameTarget(
    subject: Subject,
    method: CandidateMethod,
    actions: ReadonlyArray<{ action: string; kind: TargetKind }>,
  ): Step {
    const first = actions[0] as { action: string; kind: TargetKind };
    if (first.kind === 'passable-roles' && actions.length === 1) {
      // The same PassRole answer serves every method of a service: decided once per service.
      const steps = this.#state(subject).passRole;
      let possible: Step | undefined;
      let deniedBy: string | undefined;
      for (const service of passRoleServices(method.actions)) {
        let step = steps.get(service);
        if (!step) {
          step = this.#searchTargets(subject, actions, [service]);
          steps.set(service, step);
        }
        if (step.kind === 'holds') return step;
        if (step.kind === 'possible') possible ??= step;
        else deniedBy ??= step.deniedBy;
      }
      return possible ?? { kind: 'none', grants: [], reasons: [], ...(deniedBy ? { deniedBy } : {}) };
    }
    return this.#searchTargets(subject, actions, passRoleServices(method.actions));
  }

  #searchTargets(
    subject: Subject,
    actions: ReadonlyArray<{ action: string; kind: TargetKind }>,
    services: readonly string[],
  ): Step {
    const first = actions[0] as { action: string; kind: TargetKind };
    // Asked once for any resource: an action no statement grants, or a Deny on "*" that holds
    // whatever the target, settles every target at once (large accounts have thousands).
    const anyTarget = contextFor(subject, this.#world);
    for (const { action } of actions) {
      if (action.toLowerCase() === 'iam:passrole') continue; // its conditions depend on the service
      const d = decide(subject.set, action, undefined, anyTarget);
      // A trust policy naming the principal grants sts:AssumeRole without an identity policy.
      if (d.kind === 'not-allowed' && action.toLowerCase() !== 'sts:assumerole')
        return { kind: 'none', grants: [], reasons: [] };
      if (d.kind === 'denied')
        return { kind: 'none', grants: [], reasons: [], deniedBy: `${action} denied by ${d.by}` };
    }
    let possible: Step | undefined;
    let deniedBy: string | undefined;
    // Every target gets the same answer: the first exploitable one settles it.
    const sameForAll = actions.every(({ action }) => resourceIndependent(subject.set, action));
    for (const target of this.#targets(subject, first.kind, first.action, services)) {
      const ctx = contextFor(subject, this.#world, target);
      const step = combineDecisions(
        actions.map(({ action }) => {
          const decision = decide(subject.set, action, target.arn, ctx);
          // A trust policy naming the principal grants sts:AssumeRole by itself (same account).
          if (
            decision.kind === 'not-allowed' &&
            action.toLowerCase() === 'sts:assumerole' &&
            target.trustsDirectly
          )
            return { action, decision: { kind: 'allowed' as const, by: trustRef(target) }, on: target.label };
          return { action, decision, on: target.label };
        }),
      );
      if (step.kind === 'holds') return step;
      if (step.kind === 'possible') possible ??= step;
      else deniedBy ??= step.deniedBy;
      if (sameForAll && !target.trustsDirectly) break;
    }
    return possible ?? { kind: 'none', grants: [], reasons: [], ...(deniedBy ? { deniedBy } : {}) };
  }

  /** Exploitable targets of one kind, narrowed first by the resources the grants name. */
  *#targets(
    subject: Subject,
    kind: TargetKind,
    action: string,
    services: readonly string[],
  ): Iterable<Target> {
    const w = this.#world;
    const named = this.#namedResources(subject, action);
    const wanted = (arn: string) => named === 'any' || named.has(arn);
    // Grants that name their resources: look those up instead of scanning every principal.
    const pool = (list: readonly Subject[], kindOf: Subject['kind']): readonly Subject[] =>
      named === 'any'
        ? list
        : [...named].flatMap((arn) => {
            const s = w.byArn.get(arn);
            return s && s.kind === kindOf ? [s] : [];
          });
    const stronger = (s: Subject) =>
      s !== subject &&
      (outranks(s.coarse, subject.coarse) || broaderThan(w.broadActions(s), w.broadActions(subject)));
    switch (kind) {
      case 'self-user':
        if (subject.kind === 'user') yield subjectTarget(subject);
        return;
      case 'self-user-with-boundary':
        if (subject.kind === 'user' && subject.boundaryArn) yield subjectTarget(subject);
        return;
      case 'other-users':
      case 'stronger-users':
        for (const u of pool(w.users, 'user'))
          if (u !== subject && (kind === 'other-users' || stronger(u))) yield subjectTarget(u);
        return;
      case 'own-groups':
        for (const g of subject.groups) {
          const info = w.groups.get(g);
          if (info) yield { arn: info.group.arn, label: `group ${g}` };
        }
        return;
      case 'stronger-groups':
        if (subject.kind !== 'user') return;
        for (const [name, info] of w.groups)
          if (
            !subject.groups.includes(name) &&
            wanted(info.group.arn) &&
            outranks(info.coarse, subject.coarse)
          )
            yield { arn: info.group.arn, label: `group ${name}` };
        return;
      case 'reachable-roles':
      case 'reachable-roles-with-boundary':
        if (subject.kind === 'role' && (kind === 'reachable-roles' || subject.boundaryArn))
          yield subjectTarget(subject);
        // Most accounts have no role with a boundary: then there is no need to list every reachable role.
        this.#anyRoleWithBoundary ??= w.roles.some((r) => r.boundaryArn);
        if (kind === 'reachable-roles-with-boundary' && !this.#anyRoleWithBoundary) return;
        for (const r of this.#reachableRoles(subject))
          if (kind === 'reachable-roles' || r.boundaryArn) yield subjectTarget(r);
        return;
      case 'assumable-roles': {
        const { direct, viaAccount } = w.rolesTrusting(subject);
        for (const r of direct) if (r !== subject) yield { ...subjectTarget(r), trustsDirectly: true };
        for (const r of viaAccount) if (r !== subject && wanted(r.arn)) yield subjectTarget(r);
        return;
      }
      case 'other-roles':
      case 'stronger-roles':
        for (const r of pool(w.roles, 'role'))
          if (r !== subject && !r.serviceLinked && (kind === 'other-roles' || stronger(r)))
            yield subjectTarget(r);
        return;
      case 'passable-roles':
        for (const service of services)
          for (const r of w.rolesTrustingService(service))
            if (r !== subject && wanted(r.arn) && stronger(r)) yield { ...subjectTarget(r), service };
        return;
      case 'reachable-policies':
        for (const arn of this.#reachablePolicyArns(subject))
          if (wanted(arn)) yield { arn, label: `policy ${arn.split('/').pop()}` };
        return;
      case 'role-policies':
        this.#rolePolicies ??= [...w.policies.values()]
          .filter((p) => !p.awsManaged && p.attachedTo.some((a) => w.byArn.get(a)?.kind === 'role'))
          .map((p) => p.arn);
        for (const arn of this.#rolePolicies)
          if (wanted(arn)) yield { arn, label: `policy ${arn.split('/').pop()}` };
        return;
      case 'any':
        return;
    }
  }

  #state(subject: Subject): PrincipalState {
    if (this.#current?.subject !== subject)
      this.#current = { subject, untargeted: new Map(), passRole: new Map(), named: new Map() };
    return this.#current;
  }

  #namedResources(subject: Subject, action: string): ReadonlySet<string> | 'any' {
    const byAction = this.#state(subject).named;
    let named = byAction.get(action);
    if (!named) {
      named = namedResources(subject, action, this.#world);
      byAction.set(action, named);
    }
    return named;
  }

  #reachablePolicyArns(subject: Subject): Iterable<string> {
    const state = this.#state(subject);
    state.reachablePolicies ??= new LazyList(this.#findReachablePolicies(subject));
    return state.reachablePolicies;
  }

  *#findReachablePolicies(subject: Subject): Generator<string> {
    const seen = new Set<string>();
    const customer = (arn: string) => {
      if (seen.has(arn)) return false;
      seen.add(arn);
      const p = this.#world.policies.get(arn);
      return p !== undefined && !p.awsManaged;
    };
    for (const arn of subject.policyArns) if (customer(arn)) yield arn;
    for (const r of this.#reachableRoles(subject))
      for (const arn of r.policyArns) if (customer(arn)) yield arn;
  }

  /** Roles the principal can assume: trusted by name, or through the account with sts:AssumeRole. */
  #reachableRoles(subject: Subject): Iterable<Subject> {
    const state = this.#state(subject);
    state.reachableRoles ??= new LazyList(this.#findReachableRoles(subject));
    return state.reachableRoles;
  }

  *#findReachableRoles(subject: Subject): Generator<Subject> {
    const { direct, viaAccount } = this.#world.rolesTrusting(subject);
    const anyRole = decide(subject.set, 'sts:AssumeRole', undefined, contextFor(subject, this.#world));
    if (anyRole.kind === 'denied') return;
    // Both lists hold each role once (world.ts); a role in both is reached directly.
    for (const r of direct) if (r !== subject) yield r;
    if (anyRole.kind !== 'allowed' && anyRole.kind !== 'possible') return;
    const named = this.#namedResources(subject, 'sts:AssumeRole');
    const sameForAll = resourceIndependent(subject.set, 'sts:AssumeRole');
    const isDirect = direct.length ? new Set(direct) : undefined;
    for (const r of viaAccount) {
      if (r === subject || isDirect?.has(r) || (named !== 'any' && !named.has(r.arn))) continue;
      if (!sameForAll) {
        const d = decide(
          subject.set,
          'sts:AssumeRole',
          r.arn,
          contextFor(subject, this.#world, subjectTarget(r)),
        );
        if (d.kind !== 'allowed' && d.kind !== 'possible') continue;
      }
      yield r;
    }
  }
}

type EntityGroups = ReadonlyMap<Entity, ReadonlyArray<{ action: string; kind: TargetKind }>>;
const GROUPS = new Map<string, EntityGroups>();

/** A method's actions by the kind of resource they work on (fixed per method, so computed once). */
function groupByEntity(method: CandidateMethod): EntityGroups {
  let groups = GROUPS.get(method.name);
  if (!groups) {
    const byEntity = new Map<Entity, Array<{ action: string; kind: TargetKind }>>();
    for (const action of method.actions) {
      const kind = targetKind(method.name, action);
      const entity = ENTITY_OF[kind];
      byEntity.set(entity, [...(byEntity.get(entity) ?? []), { action, kind }]);
    }
    groups = byEntity;
    GROUPS.set(method.name, groups);
  }
  return groups;
}

interface Step {
  readonly kind: 'holds' | 'possible' | 'none';
  readonly grants: readonly ActionGrant[];
  readonly reasons: readonly string[];
  readonly deniedBy?: string;
}

function combineDecisions(
  decisions: ReadonlyArray<{ action: string; decision: Decision; on?: string }>,
): Step {
  const grants: ActionGrant[] = [];
  const reasons: string[] = [];
  for (const { action, decision, on } of decisions) {
    if (decision.kind === 'denied')
      return { kind: 'none', grants: [], reasons: [], deniedBy: `${action} denied by ${decision.by}` };
    if (decision.kind === 'not-allowed') return { kind: 'none', grants: [], reasons: [] };
    grants.push({ action, by: decision.by, ...(on ? { on } : {}) });
    if (decision.kind === 'possible') reasons.push(...decision.reasons.map((r) => `${action}: ${r}`));
  }
  return { kind: reasons.length ? 'possible' : 'holds', grants, reasons };
}

function trustRef(target: Target): StatementRef {
  return { source: `trust policy of ${target.label}`, index: 0 };
}

/**
 * The exact resources the principal's Allow statements for `action` name, or `'any'` when one of
 * them uses a wildcard, NotResource or an unresolvable variable: lets the analysis look up a
 * self-only grant (`user/${aws:username}`) instead of testing every user in a large account.
 */
function namedResources(subject: Subject, action: string, world: World): ReadonlySet<string> | 'any' {
  const names = new Set<string>();
  const ctx = contextFor(subject, world);
  for (const { statement } of identityCovering(subject.set, action).allow) {
    if (statement.NotResource || !statement.Resource) return 'any';
    for (const raw of statement.Resource) {
      const resolved = resolveVariables(raw, ctx);
      if (resolved === null) continue;
      if (resolved === undefined || resolved.includes('*') || resolved.includes('?')) return 'any';
      names.add(resolved);
    }
  }
  return names;
}
