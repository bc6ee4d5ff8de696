import { describe, expect, it } from 'vitest';
import { syntheticRawInventory } from '../../bench/lib/synthetic-inventory.js';
import { CREDENTIAL_REPORT_COLUMNS } from '../../src/iam/inventory/credential-report.js';
import { parseInventory } from '../../src/iam/inventory/parse.js';

// The audit-scale bench's account generator, on a small size.
const SIZE = { users: 60, roles: 40, managedPolicies: 25, inlinePolicies: 90, seed: 7 } as const;

interface Details {
  UserDetailList: { UserName: string; GroupList: string[]; UserPolicyList: unknown[] }[];
  GroupDetailList: { GroupName: string; GroupPolicyList: unknown[] }[];
  RoleDetailList: {
    RoleName: string;
    Path: string;
    AssumeRolePolicyDocument: string;
    RolePolicyList: unknown[];
  }[];
  Policies: { Arn: string; PolicyVersionList: { Document: string; IsDefaultVersion: boolean }[] }[];
}

const details = (seed = SIZE.seed) =>
  syntheticRawInventory({ ...SIZE, seed }).authorizationDetails as Details;

describe('syntheticRawInventory', () => {
  it('makes the users, roles and policies asked for', () => {
    const d = details();
    expect(d.UserDetailList).toHaveLength(60);
    expect(d.RoleDetailList).toHaveLength(40);
    const customer = d.Policies.filter((p) => !p.Arn.startsWith('arn:aws:iam::aws:policy/'));
    expect(customer).toHaveLength(25);
    expect(d.Policies.map((p) => p.Arn)).toContain('arn:aws:iam::aws:policy/AdministratorAccess');
    const inline = [...d.UserDetailList, ...d.RoleDetailList].reduce(
      (n, p) => n + ('UserPolicyList' in p ? p.UserPolicyList.length : p.RolePolicyList.length),
      d.GroupDetailList.reduce((n, g) => n + g.GroupPolicyList.length, 0),
    );
    expect(inline).toBe(90);
  });

  it('is the same for the same seed and differs for another', () => {
    const a = JSON.stringify(syntheticRawInventory(SIZE));
    expect(JSON.stringify(syntheticRawInventory(SIZE))).toBe(a);
    expect(JSON.stringify(syntheticRawInventory({ ...SIZE, seed: 8 }))).not.toBe(a);
  });

  it('writes a 22-column credential report row for root and every user', () => {
    const raw = syntheticRawInventory(SIZE);
    const lines = (raw.credentialReportCsv ?? '').trimEnd().split('\n');
    expect(lines[0]).toBe(CREDENTIAL_REPORT_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + 1 + 60);
    for (const line of lines) expect(line.split(',')).toHaveLength(22);
    const users = new Set(lines.slice(1).map((l) => l.split(',')[0]));
    expect(users).toEqual(new Set(['<root_account>', ...details().UserDetailList.map((u) => u.UserName)]));
  });

  it('keeps group membership to groups that exist and URL-encodes documents as the API does', () => {
    const d = details();
    const groups = new Set(d.GroupDetailList.map((g) => g.GroupName));
    for (const u of d.UserDetailList) for (const g of u.GroupList) expect(groups).toContain(g);
    const trust = d.RoleDetailList[0]?.AssumeRolePolicyDocument ?? '';
    expect(trust.startsWith('%7B')).toBe(true);
    expect(JSON.parse(decodeURIComponent(trust))).toHaveProperty('Statement');
    for (const p of d.Policies) expect(p.PolicyVersionList.filter((v) => v.IsDefaultVersion)).toHaveLength(1);
    expect(d.RoleDetailList.some((r) => r.Path.startsWith('/aws-service-role/'))).toBe(true);
  });

  it('is an inventory the parser accepts', () => {
    const inventory = parseInventory(syntheticRawInventory(SIZE));
    expect(inventory.users).toHaveLength(60);
    expect(inventory.roles).toHaveLength(40);
    expect(inventory.credentialReport).toHaveLength(61);
    const statements = inventory.policies.flatMap((p) => p.document.Statement);
    expect(statements.some((s) => s.Effect === 'Deny')).toBe(true);
    expect(statements.some((s) => s.Condition !== undefined)).toBe(true);
  });
});
