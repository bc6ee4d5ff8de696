import { describe, expect, it } from 'vitest';
import { actionCatalogFrom, loadActionCatalog } from '../../src/iam/catalog/action-catalog.js';
import { ESCALATION_ACTIONS, ESCALATION_METHODS } from '../../src/iam/engine/escalation-methods.js';
import { principalPermissions } from '../../src/iam/engine/principals.js';
import { allow, ctx, deny, doc, group, inventory, managed, role, user } from './builders.js';

describe('the IAM action catalogue', () => {
  it('loads every published action from the maintained data source', async () => {
    const catalog = await loadActionCatalog();
    expect(catalog.version).toMatch(/^@cloud-copilot\/iam-data \d/);
    expect(catalog.services().length).toBeGreaterThan(300);
    expect(catalog.has('iam:PassRole')).toBe(true);
    expect(catalog.has('IAM:passrole')).toBe(true);
    expect(catalog.has('iam:MadeUpAction')).toBe(false);
    expect(catalog.expand('iam:Put*Policy')).toEqual(
      expect.arrayContaining(['iam:PutUserPolicy', 'iam:PutGroupPolicy', 'iam:PutRolePolicy']),
    );
    expect(catalog.expand('iam:Put*Policy').every((a) => /^iam:Put\w*Policy$/.test(a))).toBe(true);
    expect(catalog.expand('*').length).toBeGreaterThan(15_000);
  });

  it('knows every action of every escalation method (a typo or rename fails here)', async () => {
    const catalog = await loadActionCatalog();
    expect(ESCALATION_METHODS.length).toBeGreaterThan(90);
    expect(ESCALATION_ACTIONS.filter((a) => !catalog.has(a))).toEqual([]);
    expect(new Set(ESCALATION_METHODS.map((m) => m.name)).size).toBe(ESCALATION_METHODS.length);
  });

  it('expands globs case-insensitively, with ? and service wildcards, and nothing for non-patterns', () => {
    const catalog = actionCatalogFrom(
      ['s3:GetObject', 's3:GetObjectAcl', 's3:PutObject', 'ssm:GetParameter'],
      't',
    );
    expect(catalog.expand('S3:get*')).toEqual(['s3:GetObject', 's3:GetObjectAcl']);
    expect(catalog.expand('s?:GetObject')).toEqual(['s3:GetObject']);
    expect(catalog.expand('s*:Get*')).toEqual(['s3:GetObject', 's3:GetObjectAcl', 'ssm:GetParameter']);
    expect(catalog.expand('s3:getobject')).toEqual(['s3:GetObject']);
    expect(catalog.expand('nosuch:*')).toEqual([]);
    expect(catalog.expand('GetObject')).toEqual([]);
  });
});

describe('effective permissions', () => {
  const perms = (u: ReturnType<typeof user>, extra = {}) =>
    principalPermissions(ctx(inventory({ users: [u], ...extra }))).get(u.arn)?.permissions;
  const methods = (u: ReturnType<typeof user>, extra = {}) =>
    perms(u, extra)?.escalations.map((e) => e.method) ?? [];

  it('finds a method granted by a wildcard, and names the granting statement', () => {
    const u = user('w', {
      inlinePolicies: [{ name: 'p', document: doc(allow(['iam:Put*'], ['*'], { Sid: 'Puts' })) }],
    });
    const p = perms(u);
    expect(p?.escalations.map((e) => e.method)).toEqual(
      expect.arrayContaining(['iam:PutUserPolicy', 'iam:PutRolePolicy']),
    );
    expect(p?.escalations[0]?.grants[0]?.by).toEqual({ source: 'inline:p', sid: 'Puts', index: 0 });
  });

  it('needs every action of a method', () => {
    const u = user('half', {
      inlinePolicies: [{ name: 'p', document: doc(allow(['iam:PassRole', 'lambda:CreateFunction'])) }],
    });
    expect(methods(u)).not.toContain('PassRole+CreateLambda+Invoke');
    const full = user('full', {
      inlinePolicies: [
        {
          name: 'p',
          document: doc(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'])),
        },
      ],
    });
    expect(methods(full)).toContain('PassRole+CreateLambda+Invoke');
  });

  it('lets a Deny on every resource without conditions override the Allow', () => {
    const u = user('d', {
      inlinePolicies: [
        { name: 'a', document: doc(allow(['iam:CreateAccessKey'])) },
        { name: 'b', document: doc(deny(['iam:Create*'])) },
      ],
    });
    expect(methods(u)).toEqual([]);
  });

  it('does not let a conditional or resource-scoped Deny hide a grant (it may not apply)', () => {
    const conditional = user('c', {
      inlinePolicies: [
        {
          name: 'p',
          document: doc(
            allow(['iam:CreateAccessKey']),
            deny(['iam:CreateAccessKey'], ['*'], {
              Condition: { Bool: { 'aws:MultiFactorAuthPresent': ['false'] } },
            }),
          ),
        },
      ],
    });
    expect(methods(conditional)).toContain('iam:CreateAccessKey');
    const scoped = user('s', {
      inlinePolicies: [
        {
          name: 'p',
          document: doc(
            allow(['iam:CreateAccessKey']),
            deny(['iam:CreateAccessKey'], ['arn:aws:iam::*:user/admin']),
          ),
        },
      ],
    });
    expect(methods(scoped)).toContain('iam:CreateAccessKey');
  });

  it('treats an Allow with NotAction as allowing everything not listed', () => {
    const u = user('n', {
      inlinePolicies: [
        { name: 'p', document: doc({ Effect: 'Allow', NotAction: ['iam:*'], Resource: ['*'] }) },
      ],
    });
    const found = methods(u);
    expect(found).toContain('lambda:UpdateFunctionCode');
    expect(found).not.toContain('iam:CreateAccessKey');
  });

  it('adds the policies of the user’s groups, and admin is "*" on "*" unless denied', () => {
    const policy = managed('Ops', doc(allow(['iam:AttachUserPolicy'])));
    const g = group('ops', { attachedPolicies: [{ arn: policy.arn, name: policy.name }] });
    const u = user('member', { groups: ['ops'] });
    const p = principalPermissions(ctx(inventory({ users: [u], groups: [g], policies: [policy] }))).get(
      u.arn,
    )?.permissions;
    expect(p?.escalations.map((e) => e.method)).toContain('iam:AttachUserPolicy');
    expect(p?.escalations[0]?.grants[0]?.by.source).toBe('group:ops/Ops');

    const admin = user('admin', { inlinePolicies: [{ name: 'all', document: doc(allow(['*'])) }] });
    expect(perms(admin)?.admin).toBe(true);
    const fenced = user('fenced', {
      inlinePolicies: [{ name: 'all', document: doc(allow(['*']), deny(['*'])) }],
    });
    expect(perms(fenced)?.admin).toBe(false);
    const r = role('r', { inlinePolicies: [{ name: 'p', document: doc(allow(['ssm:SendCommand'])) }] });
    expect(
      principalPermissions(ctx(inventory({ roles: [r] })))
        .get(r.arn)
        ?.permissions.escalations.map((e) => e.method),
    ).toEqual(['SSMSendCommand']);
  });
});
