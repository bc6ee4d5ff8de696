import type { ActionCatalog, CheckContext } from '../checks/check.js';
import type {
  IamGroup,
  IamRole,
  IamUser,
  InlinePolicy,
  Inventory,
  ManagedPolicy,
  PolicyDocument,
} from '../model.js';
import { type Fence, type PolicySet, type SourcedStatement, scpLevels } from './decide.js';
import { EscalationAnalysis, type MethodOutcome } from './escalation-analysis.js';
import { type CoarsePermissions, combine, type DocumentAnalysis, PermissionAnalyzer } from './permissions.js';
import { pushTo } from './push-to.js';
import { allowsEveryAction, isCertainDeny, isFullAdmin, type StatementRef } from './statements.js';
import type { GroupInfo, PolicyInfo, Subject, World } from './subjects.js';

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

function sourced(document: PolicyDocument, source: string, analyzer: PermissionAnalyzer): SourcedStatement[] {
  return document.Statement.map((statement, index) => {
    const ref: StatementRef = { source, index, ...(statement.Sid ? { sid: statement.Sid } : {}) };
    return { statement, ref, actions: analyzer.actionsOf(statement) };
  });
}

function buildWorld(inventory: Inventory, analyzer: PermissionAnalyzer, catalog: ActionCatalog): World {
  const policies = new Map<string, ManagedPolicy>(inventory.policies.map((p) => [p.arn, p]));
  const analysed = new Map<
    string,
    { coarse: DocumentAnalysis; statements: SourcedStatement[] } | undefined
  >();
  const managed = (arn: string) => {
    if (!analysed.has(arn)) {
      const policy = policies.get(arn);
      analysed.set(
        arn,
        policy
          ? {
              coarse: analyzer.analyse(policy.document),
              statements: sourced(policy.document, policy.name, analyzer),
            }
          : undefined,
      );
    }
    return analysed.get(arn);
  };
  // Evidence says where a statement came from: a group's policies are labelled with the group.
  const relabel = (list: SourcedStatement[], prefix: string) =>
    prefix ? list.map((s) => ({ ...s, ref: { ...s.ref, source: `${prefix}${s.ref.source}` } })) : list;
  const own = (p: IamUser | IamRole | IamGroup, prefix: string) => {
    const coarse: DocumentAnalysis[] = [];
    const statements: SourcedStatement[] = [];
    const inline = (i: InlinePolicy) => {
      coarse.push(analyzer.analyse(i.document));
      statements.push(...sourced(i.document, `${prefix}inline:${i.name}`, analyzer));
    };
    p.inlinePolicies.forEach(inline);
    for (const ref of p.attachedPolicies) {
      const m = managed(ref.arn);
      if (!m) continue;
      coarse.push(m.coarse);
      statements.push(...relabel(m.statements, prefix));
    }
    return { coarse, statements };
  };
  const attachedTo = new Map<string, string[]>();
  const attach = (policyArn: string, to: string) =>
    // Appended in place: a policy attached to thousands of principals was copied once per attachment.
    pushTo(attachedTo, policyArn, to);

  const groups = new Map<string, GroupInfo & { docs: ReturnType<typeof own> }>();
  for (const g of inventory.groups) {
    const docs = own(g, `group:${g.name}/`);
    groups.set(g.name, { group: g, coarse: combine(docs.coarse), docs });
    for (const a of g.attachedPolicies) attach(a.arn, g.arn);
  }
  const scps: Fence[] = (inventory.serviceControlPolicies ?? []).map((scp) => ({
    label: `service control policy ${scp.name}`,
    statements: sourced(scp.document, `SCP ${scp.name}`, analyzer),
    ...(scp.target ? { level: scp.target } : {}),
  }));
  const boundaryOf = (arn: string | undefined): Fence | undefined => {
    if (!arn) return undefined;
    const m = managed(arn);
    const name = arn.split('/').pop() ?? arn;
    return {
      label: `permissions boundary ${name}`,
      ...(m ? { statements: relabel(m.statements, 'boundary ') } : {}),
    };
  };
  const subjectOf = (p: IamUser | IamRole, kind: 'user' | 'role'): Subject => {
    const mine = own(p, '');
    const memberOf = 'groups' in p ? p.groups : [];
    const fromGroups = memberOf.flatMap((g) => groups.get(g)?.docs ?? []);
    const coarse: CoarsePermissions = combine([...mine.coarse, ...fromGroups.flatMap((d) => d.coarse)]);
    const serviceLinked = kind === 'role' && (p as IamRole).path.startsWith('/aws-service-role/');
    const boundary = boundaryOf(p.permissionsBoundary);
    for (const a of p.attachedPolicies) attach(a.arn, p.arn);
    const account = p.arn.split(':')[4];
    return {
      kind,
      name: p.name,
      arn: p.arn,
      ...(account ? { account } : {}),
      tags: p.tags,
      groups: memberOf,
      policyArns: [
        ...p.attachedPolicies.map((a) => a.arn),
        ...memberOf.flatMap((g) => groups.get(g)?.group.attachedPolicies.map((a) => a.arn) ?? []),
      ],
      ...(p.permissionsBoundary ? { boundaryArn: p.permissionsBoundary } : {}),
      serviceLinked,
      set: {
        identity: [...mine.statements, ...fromGroups.flatMap((d) => d.statements)],
        ...(boundary ? { boundary } : {}),
        // SCPs never restrict service-linked roles.
        scps: serviceLinked ? [] : scps,
      },
      coarse,
      trust: kind === 'role' ? (p as IamRole).trustPolicy.Statement : [],
    };
  };
  const users = inventory.users.map((u) => subjectOf(u, 'user'));
  const roles = inventory.roles.map((r) => subjectOf(r, 'role'));
  const byArn = new Map<string, Subject>([...users, ...roles].map((s) => [s.arn, s]));
  const policyInfo = new Map<string, PolicyInfo>();
  for (const p of inventory.policies) {
    const m = managed(p.arn);
    if (m)
      policyInfo.set(p.arn, {
        arn: p.arn,
        awsManaged: p.awsManaged,
        coarse: combine([m.coarse]),
        attachedTo: attachedTo.get(p.arn) ?? [],
      });
  }
  const broad = new Map<Subject, ReadonlySet<string> | 'all'>();
  const broadActions = (subject: Subject) => {
    let actions = broad.get(subject);
    if (!actions) {
      actions = broadActionsOf(subject, catalog);
      broad.set(subject, actions);
    }
    return actions;
  };
  return { users, roles, byArn, groups, policies: policyInfo, ...trustIndex(roles), broadActions };
}

/** Who each role's trust policy lets in, indexed once so a lookup per principal is cheap. */
function trustIndex(roles: readonly Subject[]): Pick<World, 'rolesTrusting' | 'rolesTrustingService'> {
  const byPrincipal = new Map<string, Subject[]>();
  const byService = new Map<string, Subject[]>();
  const add = (map: Map<string, Subject[]>, key: string, role: Subject) => {
    const list = map.get(key) ?? [];
    if (!list.includes(role)) list.push(role);
    map.set(key, list);
  };
  for (const role of roles)
    for (const s of role.trust) {
      if (s.Effect !== 'Allow') continue;
      if (s.Principal === '*') add(byPrincipal, '*', role);
      else {
        for (const p of s.Principal?.AWS ?? [])
          add(byPrincipal, /^\d{12}$/.test(p) ? `arn:aws:iam::${p}:root` : p, role);
        for (const svc of s.Principal?.Service ?? []) add(byService, svc.toLowerCase(), role);
      }
    }
  const viaAccount = new Map<string, Subject[]>();
  return {
    rolesTrusting(subject) {
      const account = subject.account ?? '';
      let via = viaAccount.get(account);
      if (!via) {
        const root = account ? (byPrincipal.get(`arn:aws:iam::${account}:root`) ?? []) : [];
        via = [...root, ...(byPrincipal.get('*') ?? [])];
        viaAccount.set(account, via);
      }
      return { direct: byPrincipal.get(subject.arn) ?? [], viaAccount: via };
    },
    rolesTrustingService(service) {
      return byService.get(service.toLowerCase()) ?? [];
    },
  };
}

const expansions = new WeakMap<ActionCatalog, Map<string, readonly string[]>>();

/** A pattern's actions, lower-case, expanded once per catalogue (principals share patterns). */
function expandLower(catalog: ActionCatalog, pattern: string): readonly string[] {
  let byPattern = expansions.get(catalog);
  if (!byPattern) {
    byPattern = new Map();
    expansions.set(catalog, byPattern);
  }
  let actions = byPattern.get(pattern);
  if (!actions) {
    actions = catalog.expand(pattern).map((a) => a.toLowerCase());
    byPattern.set(pattern, actions);
  }
  return actions;
}

function broadActionsOf(subject: Subject, catalog: ActionCatalog): ReadonlySet<string> | 'all' {
  const actions = new Set<string>();
  for (const { statement } of subject.set.identity) {
    if (statement.Effect !== 'Allow') continue;
    if (!(statement.NotResource || statement.Resource?.includes('*'))) continue;
    if (!statement.Action || statement.Action.some((a) => a === '*' || a === '*:*')) return 'all';
    for (const pattern of statement.Action)
      for (const action of expandLower(catalog, pattern)) actions.add(action);
  }
  return actions;
}
