import type { ActionCatalog } from '../checks/check.js';
import type { IamGroup, IamRole, IamUser, Inventory, ManagedPolicy, PolicyDocument } from '../model.js';
import { type BroadAccess, BroadAccessIndex } from './broad-access.js';
import {
  type CoarsePermissions,
  combine,
  type DocumentAnalysis,
  type PermissionAnalyzer,
} from './permissions.js';
import type { Fence, SourcedStatement } from './policy-set.js';
import { pushTo } from './push-to.js';
import type { StatementRef } from './statements.js';
import type { GroupInfo, PolicyInfo, Subject, World } from './subjects.js';

/**
 * The inventory as the escalation analysis sees it (subjects.ts), built once per audit: each
 * policy document analysed once however many principals use it, each group's statements labelled
 * once, and every principal's statements and coarse permissions assembled from those. Built for
 * 10,000 principals in one review, so it appends in loops rather than spreading arrays.
 */

/** One holder's documents: their coarse analyses and their statements, labelled with where they come from. */
interface Documents {
  readonly coarse: DocumentAnalysis[];
  readonly statements: SourcedStatement[];
}

function sourced(document: PolicyDocument, source: string, analyzer: PermissionAnalyzer): SourcedStatement[] {
  return document.Statement.map((statement, index) => {
    const ref: StatementRef = statement.Sid ? { source, index, sid: statement.Sid } : { source, index };
    return { statement, ref, actions: analyzer.actionsOf(statement) };
  });
}

function append<T>(to: T[], items: readonly T[]): void {
  for (const item of items) to.push(item);
}

export function buildWorld(
  inventory: Inventory,
  analyzer: PermissionAnalyzer,
  catalog: ActionCatalog,
): World {
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
  const own = (p: IamUser | IamRole | IamGroup, prefix: string): Documents => {
    const coarse: DocumentAnalysis[] = [];
    const statements: SourcedStatement[] = [];
    for (const i of p.inlinePolicies) {
      coarse.push(analyzer.analyse(i.document));
      append(statements, sourced(i.document, `${prefix}inline:${i.name}`, analyzer));
    }
    for (const ref of p.attachedPolicies) {
      const m = managed(ref.arn);
      if (!m) continue;
      coarse.push(m.coarse);
      append(statements, relabel(m.statements, prefix));
    }
    return { coarse, statements };
  };
  const attachedTo = new Map<string, string[]>();
  // Appended in place: a policy attached to thousands of principals was copied once per attachment.
  const attach = (policyArn: string, to: string) => pushTo(attachedTo, policyArn, to);

  const groups = new Map<string, GroupInfo & { docs: Documents }>();
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
  // One per boundary policy, shared by the principals it fences (its statements are labelled once).
  const boundaries = new Map<string, Fence>();
  const boundaryOf = (arn: string): Fence => {
    let fence = boundaries.get(arn);
    if (!fence) {
      const m = managed(arn);
      const name = arn.split('/').pop() ?? arn;
      fence = {
        label: `permissions boundary ${name}`,
        ...(m ? { statements: relabel(m.statements, 'boundary ') } : {}),
      };
      boundaries.set(arn, fence);
    }
    return fence;
  };
  const subjectOf = (p: IamUser | IamRole, kind: 'user' | 'role'): Subject => {
    const mine = own(p, '');
    const memberOf = 'groups' in p ? p.groups : [];
    const analyses = mine.coarse;
    const identityParts: SourcedStatement[][] = [mine.statements];
    const policyArns = p.attachedPolicies.map((a) => a.arn);
    for (const name of memberOf) {
      const g = groups.get(name);
      if (!g) continue;
      append(analyses, g.docs.coarse);
      identityParts.push(g.docs.statements);
      for (const a of g.group.attachedPolicies) policyArns.push(a.arn);
    }
    let identity = mine.statements;
    if (identityParts.length > 1) {
      identity = [];
      for (const part of identityParts) append(identity, part);
    }
    const coarse: CoarsePermissions = combine(analyses);
    const serviceLinked = kind === 'role' && (p as IamRole).path.startsWith('/aws-service-role/');
    const boundary = p.permissionsBoundary ? boundaryOf(p.permissionsBoundary) : undefined;
    for (const a of p.attachedPolicies) attach(a.arn, p.arn);
    const account = p.arn.split(':')[4];
    return {
      kind,
      name: p.name,
      arn: p.arn,
      ...(account ? { account } : {}),
      tags: p.tags,
      groups: memberOf,
      policyArns,
      ...(p.permissionsBoundary ? { boundaryArn: p.permissionsBoundary } : {}),
      serviceLinked,
      set: {
        identity,
        ...(identityParts.length > 1 ? { identityParts } : {}),
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
  const byArn = new Map<string, Subject>();
  for (const s of users) byArn.set(s.arn, s);
  for (const s of roles) byArn.set(s.arn, s);
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
  const broadIndex = new BroadAccessIndex(catalog);
  const broad = new Map<Subject, BroadAccess>();
  const broadActions = (subject: Subject) => {
    let actions = broad.get(subject);
    if (!actions) {
      actions = broadIndex.of(subject.set.identity);
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
    const list = map.get(key);
    // Roles are indexed one after the other, so a role already listed under the key is the last one.
    if (!list) map.set(key, [role]);
    else if (list[list.length - 1] !== role) list.push(role);
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
        // A role trusting both the account and anyone is listed once.
        via = [...new Set([...root, ...(byPrincipal.get('*') ?? [])])];
        viaAccount.set(account, via);
      }
      return { direct: byPrincipal.get(subject.arn) ?? [], viaAccount: via };
    },
    rolesTrustingService(service) {
      return byService.get(service.toLowerCase()) ?? [];
    },
  };
}
