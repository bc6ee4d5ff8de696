import { actionCatalogFrom } from '../../src/iam/catalog/action-catalog.js';
import type { ActionCatalog } from '../../src/iam/checks/check.js';
import { ESCALATION_ACTIONS } from '../../src/iam/engine/escalation-methods.js';
import type {
  CredentialReportEntry,
  IamGroup,
  IamRole,
  IamUser,
  Inventory,
  ManagedPolicy,
  PolicyDocument,
  PolicyStatement,
} from '../../src/iam/model.js';

/** Small hand-made inventories for check tests: every field has a healthy default. */
export const ACCOUNT = '210987654321';
export const NOW = new Date('2026-11-20T12:00:00Z');
export const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

/** A catalogue of the escalation actions plus a few services, enough for wildcard tests. */
export const CATALOG: ActionCatalog = actionCatalogFrom(
  [
    ...ESCALATION_ACTIONS,
    's3:GetObject',
    's3:PutObject',
    's3:ListBucket',
    'iam:ListUsers',
    'iam:GetUser',
    'logs:FilterLogEvents',
    'kms:Decrypt',
    'sts:GetCallerIdentity',
  ],
  'test',
);

export const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement,
});
export const allow = (
  actions: string[],
  resources: string[] = ['*'],
  extra: Partial<PolicyStatement> = {},
): PolicyStatement => ({
  Effect: 'Allow',
  Action: actions,
  Resource: resources,
  ...extra,
});
export const deny = (
  actions: string[],
  resources: string[] = ['*'],
  extra: Partial<PolicyStatement> = {},
): PolicyStatement => ({
  Effect: 'Deny',
  Action: actions,
  Resource: resources,
  ...extra,
});

export function user(name: string, extra: Partial<IamUser> = {}): IamUser {
  return {
    name,
    arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    createDate: daysAgo(400),
    groups: [],
    inlinePolicies: [],
    attachedPolicies: [],
    tags: {},
    ...extra,
  };
}

export function group(name: string, extra: Partial<IamGroup> = {}): IamGroup {
  return {
    name,
    arn: `arn:aws:iam::${ACCOUNT}:group/${name}`,
    inlinePolicies: [],
    attachedPolicies: [],
    ...extra,
  };
}

export function role(name: string, extra: Partial<IamRole> = {}): IamRole {
  return {
    name,
    arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    path: '/',
    createDate: daysAgo(400),
    trustPolicy: doc({
      Effect: 'Allow',
      Principal: { Service: ['ec2.amazonaws.com'] },
      Action: ['sts:AssumeRole'],
    }),
    inlinePolicies: [],
    attachedPolicies: [],
    lastUsed: daysAgo(1),
    tags: {},
    ...extra,
  };
}

export function managed(
  name: string,
  document: PolicyDocument,
  extra: Partial<ManagedPolicy> = {},
): ManagedPolicy {
  return {
    arn: `arn:aws:iam::${ACCOUNT}:policy/${name}`,
    name,
    awsManaged: false,
    attachmentCount: 1,
    document,
    ...extra,
  };
}

export function reportRow(name: string, extra: Partial<CredentialReportEntry> = {}): CredentialReportEntry {
  return {
    user: name,
    arn: name === '<root_account>' ? `arn:aws:iam::${ACCOUNT}:root` : `arn:aws:iam::${ACCOUNT}:user/${name}`,
    root: name === '<root_account>',
    userCreationTime: daysAgo(400),
    passwordEnabled: false,
    mfaActive: true,
    accessKeys: [{ active: false }, { active: false }],
    ...extra,
  };
}

export function inventory(extra: Partial<Inventory> = {}): Inventory {
  return {
    accountId: ACCOUNT,
    collectedAt: NOW.toISOString(),
    users: [],
    groups: [],
    roles: [],
    policies: [],
    ...extra,
  };
}

export const ctx = (inv: Inventory) => ({ inventory: inv, now: NOW, catalog: CATALOG });
