import type { CheckModule } from '../checks/check.js';
import { onEveryResource } from '../engine/statements.js';
import type { CheckDefinition, Finding, IamRole, Inventory, PolicyDocument } from '../model.js';
import { findingOf, listSome } from './define.js';
import {
  accountOf,
  allowsAssumeRole,
  awsPrincipals,
  conditionKeys,
  GUARD_KEYS,
  SERVICE_LINKED,
  servicePrincipals,
} from './trust-policy.js';

/**
 * Three role checks from Prowler and CIS that read who may assume a role and what it then holds:
 * service trust open to the cross-service confused deputy, another account reading everything,
 * and the account having no role for AWS Support.
 */

export const CONFUSED_DEPUTY: CheckDefinition = {
  id: 'WK-IAM-ROLE-5',
  area: 'roles',
  title: 'Service role trust without aws:SourceAccount or aws:SourceArn (confused deputy)',
  severity: 'low',
  prowler: ['iam_role_cross_service_confused_deputy_prevention'],
  fix: 'Add a condition on aws:SourceAccount (your account id) or aws:SourceArn (the resource the service acts for) to the trust statement.',
};
export const CROSS_ACCOUNT_READ: CheckDefinition = {
  id: 'WK-IAM-ROLE-6',
  area: 'roles',
  title: 'Role trusted by another account has read access to everything',
  severity: 'medium',
  prowler: ['iam_role_cross_account_readonlyaccess_policy'],
  fix: 'Give the other account a policy scoped to what it must read (SecurityAudit for auditors), not ReadOnlyAccess or Get*/List*/Describe* on every service.',
};
export const NO_SUPPORT_ROLE: CheckDefinition = {
  id: 'WK-IAM-ROLE-7',
  area: 'roles',
  title: 'No role has AWSSupportAccess attached',
  severity: 'low',
  cis: '1.16',
  securityHub: 'IAM.18',
  prowler: ['iam_support_role_created'],
  fix: 'Create a role for incident handling with AWS Support, attach AWSSupportAccess, and let your responders assume it.',
};

/** Conditions that tie a service's use of the role to your account or one of its resources. */
const SOURCE_KEYS = ['aws:sourceaccount', 'aws:sourcearn', 'aws:sourceorgid', 'aws:sourceorgpaths'];
const READ_EVERYTHING = /^arn:aws[a-z-]*:iam::aws:policy\/(ReadOnlyAccess|job-function\/ViewOnlyAccess)$/;
/** `*:Get*`, `*:List*`, `*:Describe*`: a read of every service, whatever the policy is called. */
const EVERY_SERVICE_READ = /^\*:(get|list|describe)/i;
const SUPPORT_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/AWSSupportAccess$/;

const ref = (role: IamRole) => ({ kind: 'role' as const, name: role.name, arn: role.arn });

function confusedDeputy(role: IamRole): Finding | undefined {
  const open = new Set<string>();
  for (const s of role.trustPolicy.Statement) {
    if (s.Effect !== 'Allow' || !allowsAssumeRole(s)) continue;
    const services = servicePrincipals(s);
    if (!services.length || conditionKeys(s).some((k) => SOURCE_KEYS.includes(k))) continue;
    for (const service of services) open.add(service);
  }
  if (!open.size) return undefined;
  return findingOf(
    CONFUSED_DEPUTY,
    ref(role),
    `trust policy lets ${listSome([...open].sort())} assume it without aws:SourceAccount or aws:SourceArn`,
  );
}

/** What in the role reads everything: a policy by name, or a statement naming `*:Get*`-like actions. */
function readsEverything(role: IamRole, documents: ReadonlyMap<string, PolicyDocument>): string | undefined {
  const named = role.attachedPolicies.find((p) => READ_EVERYTHING.test(p.arn));
  if (named) return named.name;
  const docs = [
    ...role.inlinePolicies.map((p) => ({ name: `inline:${p.name}`, document: p.document })),
    ...role.attachedPolicies.flatMap((p) => {
      const document = documents.get(p.arn);
      return document ? [{ name: p.name, document }] : [];
    }),
  ];
  for (const { name, document } of docs) {
    const statement = document.Statement.find(
      (s) =>
        s.Effect === 'Allow' &&
        onEveryResource(s) &&
        (s.Action ?? []).some((a) => EVERY_SERVICE_READ.test(a)),
    );
    if (statement)
      return `${name} (${listSome(
        (statement.Action ?? []).filter((a) => EVERY_SERVICE_READ.test(a)),
        3,
      )} on "*")`;
  }
  return undefined;
}

function crossAccountRead(
  role: IamRole,
  inventory: Inventory,
  documents: ReadonlyMap<string, PolicyDocument>,
): Finding | undefined {
  const own = role.arn.split(':')[4] ?? inventory.accountId;
  const foreign = new Set<string>();
  const guards = new Set<string>();
  for (const s of role.trustPolicy.Statement) {
    if (s.Effect !== 'Allow') continue;
    let trustsOther = false;
    for (const p of awsPrincipals(s)) {
      const account = p === '*' ? 'any account' : accountOf(p);
      if (account && account !== own) {
        foreign.add(account);
        trustsOther = true;
      }
    }
    if (trustsOther) for (const k of conditionKeys(s)) if (GUARD_KEYS.includes(k)) guards.add(k);
  }
  if (!foreign.size) return undefined;
  const what = readsEverything(role, documents);
  if (!what) return undefined;
  const limited = guards.size ? ` (trust limited by ${[...guards].join(', ')})` : '';
  return findingOf(
    CROSS_ACCOUNT_READ,
    ref(role),
    `trusted by ${listSome([...foreign])}${limited}; reads everything through ${what}`,
  );
}

export const roleExposureChecks: CheckModule = {
  definitions: [CONFUSED_DEPUTY, CROSS_ACCOUNT_READ, NO_SUPPORT_ROLE],
  run({ inventory }) {
    const findings: Finding[] = [];
    const documents = new Map(inventory.policies.map((p) => [p.arn, p.document]));
    let supportRole = false;
    for (const role of inventory.roles) {
      if (role.attachedPolicies.some((p) => SUPPORT_ACCESS.test(p.arn))) supportRole = true;
      // Service-linked roles' trust is AWS's to write and cannot be changed.
      if (role.path.startsWith(SERVICE_LINKED)) continue;
      const deputy = confusedDeputy(role);
      if (deputy) findings.push(deputy);
      const read = crossAccountRead(role, inventory, documents);
      if (read) findings.push(read);
    }
    if (!supportRole) {
      const name = inventory.accountId ? `support role of ${inventory.accountId}` : 'support role';
      findings.push(
        findingOf(NO_SUPPORT_ROLE, { kind: 'account', name }, 'no IAM role has AWSSupportAccess attached'),
      );
    }
    return { findings, skipped: [] };
  },
};
