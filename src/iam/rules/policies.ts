import type { ActionCatalog, CheckModule } from '../checks/check.js';
import { pushTo } from '../engine/push-to.js';
import {
  describeRef,
  hasCondition,
  isCertainDeny,
  isFullAdmin,
  onEveryResource,
} from '../engine/statements.js';
import type {
  CheckDefinition,
  Finding,
  Inventory,
  PolicyDocument,
  PolicyStatement,
  PrincipalRef,
} from '../model.js';
import { findingOf, listSome } from './define.js';

export const ADMIN_MANAGED: CheckDefinition = {
  id: 'WK-IAM-POL-1',
  area: 'policies',
  title: 'Managed policy with full administrative access ("*" on "*") is attached',
  severity: 'critical',
  cis: '1.15',
  securityHub: 'IAM.1',
  prowler: [
    'iam_aws_attached_policy_no_administrative_privileges',
    'iam_customer_attached_policy_no_administrative_privileges',
  ],
  fix: 'Replace it with policies scoped to the actions and resources the principals need; keep admin behind a role with MFA.',
};
export const ADMIN_INLINE: CheckDefinition = {
  id: 'WK-IAM-POL-2',
  area: 'policies',
  title: 'Inline policy with full administrative access ("*" on "*")',
  severity: 'critical',
  cis: '1.15',
  prowler: ['iam_inline_policy_no_administrative_privileges'],
  fix: 'Remove the inline policy; grant scoped managed policies through a group or role instead.',
};
export const ADMIN_UNATTACHED: CheckDefinition = {
  id: 'WK-IAM-POL-3',
  area: 'policies',
  title: 'Unattached customer policy with full administrative access',
  severity: 'medium',
  prowler: ['iam_customer_unattached_policy_no_administrative_privileges'],
  fix: 'Delete the policy if nothing needs it, so it cannot be attached by mistake.',
};
export const SERVICE_WILDCARD: CheckDefinition = {
  id: 'WK-IAM-POL-4',
  area: 'policies',
  title: 'Service-wide wildcard actions ("service:*") on every resource',
  severity: 'medium',
  securityHub: 'IAM.21',
  prowler: [
    'iam_policy_no_full_access_to_cloudtrail',
    'iam_policy_no_full_access_to_kms',
    'iam_inline_policy_no_full_access_to_cloudtrail',
    'iam_inline_policy_no_full_access_to_kms',
  ],
  fix: 'List the actions the workload uses (IAM Access Analyzer can generate them from CloudTrail) instead of "service:*".',
};
export const NOT_ACTION_ALLOW: CheckDefinition = {
  id: 'WK-IAM-POL-5',
  area: 'policies',
  title: 'Allow with NotAction (allows everything except a list)',
  severity: 'high',
  fix: 'Rewrite as an Allow of the actions needed; NotAction with Allow grants every new AWS action automatically.',
};
export const NOT_RESOURCE_ALLOW: CheckDefinition = {
  id: 'WK-IAM-POL-6',
  area: 'policies',
  title: 'Allow with NotResource (allows every resource except a list)',
  severity: 'medium',
  fix: 'Rewrite as an Allow on the resources needed.',
};
export const ASSUME_ANY_ROLE: CheckDefinition = {
  id: 'WK-IAM-POL-7',
  area: 'policies',
  title: 'sts:AssumeRole on every resource',
  severity: 'high',
  prowler: ['iam_no_custom_policy_permissive_role_assumption'],
  fix: 'Name the role ARNs the principal may assume.',
};

/** Services where `service:*` on `*` amounts to control of the account or its audit trail. */
const SENSITIVE = new Set(['iam', 'kms', 'cloudtrail', 'organizations', 'sts', '*']);
const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\//;

interface Source {
  readonly label: string;
  readonly document: PolicyDocument;
  /** The principal a finding is about: the inline policy's owner or the managed policy itself. */
  readonly principal: PrincipalRef;
  /** Who the policy applies to, for the evidence. */
  readonly attachedTo: readonly string[];
  readonly awsManaged: boolean;
  readonly inline: boolean;
}

function sources(inventory: Inventory): Source[] {
  const attachments = new Map<string, string[]>();
  const attach = (arn: string, who: string) => pushTo(attachments, arn, who);
  const list: Source[] = [];
  const inlines = (
    kind: 'user' | 'group' | 'role',
    p: { name: string; arn: string; inlinePolicies: readonly { name: string; document: PolicyDocument }[] },
  ) => {
    for (const i of p.inlinePolicies)
      list.push({
        label: `inline policy ${i.name} of ${kind} ${p.name}`,
        document: i.document,
        principal: { kind, name: p.name, arn: p.arn },
        attachedTo: [`${kind} ${p.name}`],
        awsManaged: false,
        inline: true,
      });
  };
  for (const u of inventory.users) {
    inlines('user', u);
    for (const a of u.attachedPolicies) attach(a.arn, `user ${u.name}`);
  }
  for (const g of inventory.groups) {
    inlines('group', g);
    for (const a of g.attachedPolicies) attach(a.arn, `group ${g.name}`);
  }
  for (const r of inventory.roles) {
    inlines('role', r);
    for (const a of r.attachedPolicies) attach(a.arn, `role ${r.name}`);
  }
  for (const p of inventory.policies)
    list.push({
      label: `managed policy ${p.name}`,
      document: p.document,
      principal: { kind: 'policy', name: p.name, arn: p.arn },
      attachedTo: attachments.get(p.arn) ?? [],
      awsManaged: p.awsManaged || AWS_MANAGED.test(p.arn),
      inline: false,
    });
  return list;
}

const whom = (s: Source) => (s.attachedTo.length ? `attached to ${listSome(s.attachedTo)}` : 'not attached');

/**
 * Whether the document itself takes the grant back: a Deny on every resource, without condition,
 * whose actions cover `action` (a pattern such as `iam:*` or a name such as `sts:AssumeRole`).
 * Judging a policy by its Allow alone reported grants the same policy forbids.
 */
function deniedInDocument(document: PolicyDocument, action: string, catalog: ActionCatalog): boolean {
  const wanted = action.toLowerCase();
  // Asked about a pattern (`s3:*`), only that pattern or "*" denies it; asked about an action,
  // any pattern covering it does.
  const byName = !wanted.includes('*');
  return document.Statement.some(
    (s) =>
      isCertainDeny(s) &&
      (s.Action ?? []).some((pattern) => {
        const p = pattern.toLowerCase();
        if (p === '*' || p === wanted) return true;
        return byName && patternCovers(catalog, pattern, wanted);
      }),
  );
}

/** Per catalogue, per action asked about, per pattern. */
const coverage = new WeakMap<ActionCatalog, Map<string, Map<string, boolean>>>();

/**
 * Whether a policy's action pattern covers one action (lower-case), via the catalogue; kept per
 * pattern and action, as every statement of every document asks it of its patterns (`s3:*`
 * expands to hundreds of actions).
 */
function patternCovers(catalog: ActionCatalog, pattern: string, action: string): boolean {
  let byAction = coverage.get(catalog);
  if (!byAction) {
    byAction = new Map();
    coverage.set(catalog, byAction);
  }
  let known = byAction.get(action);
  if (!known) {
    known = new Map();
    byAction.set(action, known);
  }
  let covers = known.get(pattern);
  if (covers === undefined) {
    covers = catalog.expand(pattern).some((a) => a.toLowerCase() === action);
    known.set(pattern, covers);
  }
  return covers;
}

/** Conditions that pin role assumption to tagged roles (ABAC): a real scope, not "*". */
const TARGET_CONDITION = /^(aws|iam):resourcetag\//i;
const pinsTarget = (s: PolicyStatement) =>
  hasCondition(s) &&
  Object.values(s.Condition ?? {}).some((byKey) => Object.keys(byKey).some((k) => TARGET_CONDITION.test(k)));

/** Policy documents: admin, wildcards, NotAction/NotResource and role assumption on `*`. */
export const policyChecks: CheckModule = {
  definitions: [
    ADMIN_MANAGED,
    ADMIN_INLINE,
    ADMIN_UNATTACHED,
    SERVICE_WILDCARD,
    NOT_ACTION_ALLOW,
    NOT_RESOURCE_ALLOW,
    ASSUME_ANY_ROLE,
  ],
  run({ inventory, catalog }) {
    const findings: Finding[] = [];
    for (const source of sources(inventory)) {
      const attached = source.inline || source.attachedTo.length > 0;
      // AWS-managed policies are AWS's to write; they matter only where someone attached them.
      if (source.awsManaged && !attached) continue;
      const statements = source.document.Statement.map((s, index) => ({ s, index }));
      // Written only for a finding: most of the ~60,000 statements of a large account have none.
      const refOf = ({ s, index }: { s: PolicyStatement; index: number }) =>
        describeRef({ source: source.label, index, ...(s.Sid ? { sid: s.Sid } : {}) });
      const admin = deniedInDocument(source.document, '*', catalog)
        ? []
        : statements.filter(({ s }) => isFullAdmin(s));
      const firstAdmin = admin[0];
      if (firstAdmin) {
        const check = source.inline ? ADMIN_INLINE : attached ? ADMIN_MANAGED : ADMIN_UNATTACHED;
        findings.push(
          findingOf(check, source.principal, `${refOf(firstAdmin)} allows "*" on "*"; ${whom(source)}`),
        );
      }
      if (source.awsManaged) continue; // the remaining checks judge how customers write policies
      const allows = statements.filter(({ s }) => s.Effect === 'Allow' && !isFullAdmin(s));
      const wildcardServices = new Set<string>();
      for (const { s } of allows)
        if (onEveryResource(s))
          for (const action of s.Action ?? []) {
            const [service, name] = action.toLowerCase().split(':');
            if (service && name === '*' && !deniedInDocument(source.document, `${service}:*`, catalog))
              wildcardServices.add(service);
          }
      if (wildcardServices.size) {
        const services = [...wildcardServices].sort();
        const sensitive = services.some((s) => SENSITIVE.has(s));
        findings.push({
          ...findingOf(
            SERVICE_WILDCARD,
            source.principal,
            `${source.label} allows ${listSome(services.map((s) => `${s}:*`))} on "*"; ${whom(source)}`,
          ),
          ...(sensitive ? { severity: 'high' as const } : {}),
        });
      }
      for (const statement of allows) {
        const { s } = statement;
        if (s.NotAction)
          findings.push(
            findingOf(
              NOT_ACTION_ALLOW,
              source.principal,
              `${refOf(statement)} allows every action except ${listSome([...s.NotAction], 3)}; ${whom(source)}`,
            ),
          );
        if (s.NotResource)
          findings.push(
            findingOf(
              NOT_RESOURCE_ALLOW,
              source.principal,
              `${refOf(statement)} allows ${listSome([...(s.Action ?? s.NotAction ?? [])], 3)} on every resource except ${listSome([...s.NotResource], 2)}; ${whom(source)}`,
            ),
          );
      }
      const assume = allows.find(
        ({ s }) =>
          s.Action &&
          onEveryResource(s) &&
          !pinsTarget(s) &&
          s.Action.some((a) => patternCovers(catalog, a, 'sts:assumerole')),
      );
      if (assume && !deniedInDocument(source.document, 'sts:AssumeRole', catalog))
        findings.push(
          findingOf(
            ASSUME_ANY_ROLE,
            source.principal,
            `${refOf(assume)} allows sts:AssumeRole on "*"; ${whom(source)}`,
          ),
        );
    }
    return { findings, skipped: [] };
  },
};
