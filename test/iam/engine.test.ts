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
  /** A privileged user and role that services can assume: what escalation aims at. */
  const admin = user('admin', { inlinePolicies: [{ name: 'all', document: doc(allow(['*'])) }] });
  const adminRole = role('admin-role', {
    trustPolicy: doc({
      Effect: 'Allow',
      Principal: { Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] },
      Action: ['sts:AssumeRole'],
    }),
    inlinePolicies: [{ name: 'all', document: doc(allow(['*'])) }],
  });
  const targets = { users: [admin], roles: [adminRole] };
  const perms = (u: ReturnType<typeof user>, extra: Partial<Parameters<typeof inventory>[0]> = {}) =>
    principalPermissions(
      ctx(
        inventory({
          ...extra,
          users: [u, ...targets.users, ...(extra.users ?? [])],
          roles: [...targets.roles, ...(extra.roles ?? [])],
        }),
      ),
    ).get(u.arn)?.permissions;
  const methods = (u: ReturnType<typeof user>, extra = {}) =>
    perms(u, extra)?.escalations.map((e) => e.method) ?? [];
  const inline = (...statements: Parameters<typeof doc>) => [{ name: 'p', document: doc(...statements) }];
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
  const OWN_USER = 'arn:aws:iam::*:user/${aws:username}';

  it('finds a method granted by a wildcard, and names the granting statement and the target', () => {
    const u = user('w', { inlinePolicies: inline(allow(['iam:Put*'], ['*'], { Sid: 'Puts' })) });
    const p = perms(u);
    expect(p?.escalations.map((e) => e.method)).toEqual(expect.arrayContaining(['iam:PutUserPolicy']));
    expect(p?.escalations.find((e) => e.method === 'iam:PutUserPolicy')?.grants[0]).toEqual({
      action: 'iam:PutUserPolicy',
      by: { source: 'inline:p', sid: 'Puts', index: 0 },
      on: 'user w',
    });
  });

  it('needs every action of a method', () => {
    const half = user('half', { inlinePolicies: inline(allow(['iam:PassRole', 'lambda:CreateFunction'])) });
    expect(methods(half)).not.toContain('PassRole+CreateLambda+Invoke');
    const full = user('full', {
      inlinePolicies: inline(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'])),
    });
    expect(methods(full)).toContain('PassRole+CreateLambda+Invoke');
  });

  it('counts a grant only on a resource that makes it exploitable (self-service is not escalation)', () => {
    const own = user('own', {
      inlinePolicies: inline(allow(['iam:CreateAccessKey'], [OWN_USER])),
    });
    expect(methods(own)).toEqual([]);
    const anyone = user('anyone', {
      inlinePolicies: inline(allow(['iam:CreateAccessKey'], ['arn:aws:iam::*:user/*'])),
    });
    expect(perms(anyone)?.escalations[0]?.grants[0]?.on).toBe('user admin');
    // The same wildcard with only harmless users in the account: nothing to gain.
    expect(
      principalPermissions(ctx(inventory({ users: [anyone, user('intern')] }))).get(anyone.arn)?.permissions
        .escalations,
    ).toEqual([]);
  });

  it('resolves aws:username per principal: another user’s name scopes a grant away from this one', () => {
    const self = user('self', {
      inlinePolicies: inline(allow(['iam:AttachUserPolicy'], [OWN_USER])),
    });
    expect(methods(self)).toContain('iam:AttachUserPolicy');
    const other = user('other', {
      inlinePolicies: inline(allow(['iam:AttachUserPolicy'], ['arn:aws:iam::*:user/somebody-else'])),
    });
    expect(methods(other)).toEqual([]);
  });

  it('honours iam:PassedToService and needs a more privileged role the service can assume', () => {
    const wrongService = user('ws', {
      inlinePolicies: inline(
        allow(['ec2:RunInstances']),
        allow(['iam:PassRole'], ['*'], {
          Condition: { StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com'] } },
        }),
      ),
    });
    expect(methods(wrongService)).toEqual([]);
    const rightService = user('rs', {
      inlinePolicies: inline(
        allow(['ec2:RunInstances']),
        allow(['iam:PassRole'], ['*'], {
          Condition: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com'] } },
        }),
      ),
    });
    expect(perms(rightService)?.escalations[0]?.grants.find((g) => g.action === 'iam:PassRole')?.on).toBe(
      'role admin-role',
    );
    const onlyHarmless = user('oh', {
      inlinePolicies: inline(allow(['iam:PassRole', 'ec2:RunInstances'], ['*'])),
    });
    const weak = role('weak', { inlinePolicies: inline(allow(['s3:GetObject'], ['arn:aws:s3:::b/*'])) });
    expect(
      principalPermissions(ctx(inventory({ users: [onlyHarmless], roles: [weak] }))).get(onlyHarmless.arn)
        ?.permissions.escalations,
    ).toEqual([]);
  });

  it('lets a Deny override the Allow: same policy, another policy, and names what denied it', () => {
    const same = user('same', {
      inlinePolicies: inline(allow(['iam:PutUserPolicy']), deny(['iam:Put*'], ['*'], { Sid: 'Guard' })),
    });
    expect(methods(same)).toEqual([]);
    expect(perms(same)?.blocked).toEqual([
      { method: 'iam:PutUserPolicy', by: 'iam:PutUserPolicy denied by inline:p statement "Guard"' },
    ]);
    const scoped = user('scoped', {
      inlinePolicies: [
        { name: 'a', document: doc(allow(['iam:CreateAccessKey'])) },
        { name: 'b', document: doc(deny(['iam:CreateAccessKey'], ['arn:aws:iam::*:user/admin'])) },
      ],
    });
    expect(methods(scoped)).toEqual([]);
  });

  it('does not let a Deny the caller can avoid hide a grant (no MFA, another region)', () => {
    const u = user('c', {
      inlinePolicies: inline(
        allow(['iam:PutUserPolicy']),
        deny(['*'], ['*'], { Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': ['false'] } } }),
        deny(['*'], ['*'], { Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }),
      ),
    });
    expect(methods(u)).toContain('iam:PutUserPolicy');
  });

  it('applies the permissions boundary, and says "possible" when the boundary is not in the document', () => {
    const boundary = managed('Workload', doc(allow(['s3:*'])));
    const bounded = user('bounded', {
      inlinePolicies: inline(allow(['iam:PutUserPolicy'])),
      permissionsBoundary: boundary.arn,
    });
    const p = perms(bounded, { policies: [boundary] });
    expect(p?.escalations).toEqual([]);
    expect(p?.blocked[0]?.by).toContain('permissions boundary Workload');
    const unknown = user('unknown', {
      inlinePolicies: inline(allow(['iam:PutUserPolicy'])),
      permissionsBoundary: 'arn:aws:iam::aws:policy/NotListed',
    });
    const q = perms(unknown);
    expect(q?.escalations).toEqual([]);
    expect(q?.possible[0]?.reasons[0]).toContain(
      'permissions boundary NotListed is not in the authorization details',
    );
    // A boundary also fences "*": the principal is no longer admin, and its escalation is analysed.
    const fencedAdmin = user('fenced-admin', {
      inlinePolicies: inline(allow(['*'])),
      permissionsBoundary: boundary.arn,
    });
    expect(perms(fencedAdmin, { policies: [boundary] })?.admin).toBe(false);
  });

  it('applies SCPs: a Deny in one, or no SCP allowing the action, blocks; the evidence names them', () => {
    const u = user('scp', { inlinePolicies: inline(allow(['iam:PutUserPolicy', 'iam:AttachUserPolicy'])) });
    const full = { name: 'FullAWSAccess', document: doc(allow(['*'])) };
    const guard = { name: 'DenyIamWrites', document: doc(deny(['iam:Put*'])) };
    const p = perms(u, { serviceControlPolicies: [full, guard] });
    expect(p?.escalations.map((e) => e.method)).toEqual(['iam:AttachUserPolicy']);
    expect(p?.blocked).toEqual([
      {
        method: 'iam:PutUserPolicy',
        by: 'iam:PutUserPolicy denied by service control policy DenyIamWrites (SCP DenyIamWrites statement #1)',
      },
    ]);
    // A guardrail SCP leaves an admin an admin (and out of the escalation findings).
    const boss = user('boss', { inlinePolicies: inline(allow(['*'])) });
    const leaveGuard = { name: 'NoLeaving', document: doc(deny(['organizations:LeaveOrganization'])) };
    expect(perms(boss, { serviceControlPolicies: [full, leaveGuard] })?.admin).toBe(true);
    const allowList = { name: 'OnlyS3', document: doc(allow(['s3:*'])) };
    expect(perms(u, { serviceControlPolicies: [allowList] })?.blocked[0]?.by).toContain(
      'none of service control policy OnlyS3 allows',
    );
  });

  it('reports an Allow whose condition it cannot evaluate as possible, naming the key', () => {
    const u = user('cond', {
      inlinePolicies: inline(
        allow(['iam:PutUserPolicy'], ['*'], { Condition: { StringEquals: { 'aws:SourceOrgID': ['o-1'] } } }),
      ),
    });
    const p = perms(u);
    expect(p?.escalations).toEqual([]);
    expect(p?.possible[0]?.reasons[0]).toContain('aws:SourceOrgID');
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
    const p = perms(u, { groups: [g], policies: [policy] });
    expect(p?.escalations.map((e) => e.method)).toContain('iam:AttachUserPolicy');
    expect(p?.escalations[0]?.grants[0]?.by.source).toBe('group:ops/Ops');

    expect(perms(user('boss', { inlinePolicies: inline(allow(['*'])) }))?.admin).toBe(true);
    const fenced = user('fenced', { inlinePolicies: inline(allow(['*']), deny(['*'])) });
    expect(perms(fenced)?.admin).toBe(false);
    const r = role('r', { inlinePolicies: inline(allow(['ssm:SendCommand'])) });
    expect(
      principalPermissions(ctx(inventory({ roles: [r] })))
        .get(r.arn)
        ?.permissions.escalations.map((e) => e.method),
    ).toEqual(['SSMSendCommand']);
  });
});
