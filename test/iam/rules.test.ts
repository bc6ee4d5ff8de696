import { describe, expect, it } from 'vitest';
import type { CheckModule } from '../../src/iam/checks/check.js';
import type { Inventory } from '../../src/iam/model.js';
import { escalationChecks } from '../../src/iam/rules/escalation.js';
import { CHECK_CATALOGUE } from '../../src/iam/rules/index.js';
import { managedAccessChecks } from '../../src/iam/rules/managed-access.js';
import { passwordPolicyChecks } from '../../src/iam/rules/password-policy.js';
import { policyChecks } from '../../src/iam/rules/policies.js';
import { roleChecks } from '../../src/iam/rules/roles.js';
import { rootChecks } from '../../src/iam/rules/root.js';
import { userChecks } from '../../src/iam/rules/users.js';
import {
  allow,
  ctx,
  daysAgo,
  deny,
  doc,
  group,
  inventory,
  managed,
  reportRow,
  role,
  user,
} from './builders.js';

const run = (m: CheckModule, inv: Inventory) => m.run(ctx(inv));
const ids = (m: CheckModule, inv: Inventory) =>
  run(m, inv).findings.map((f) => `${f.checkId} ${f.principal.name}`);

describe('the check catalogue', () => {
  it('has unique, stable-looking ids, a fix for each, and references where CIS/Security Hub have one', () => {
    const list = CHECK_CATALOGUE.map((c) => c.id);
    expect(new Set(list).size).toBe(list.length);
    for (const c of CHECK_CATALOGUE) {
      expect(c.id).toMatch(/^WK-IAM-[A-Z]+-\d+$/);
      expect(c.fix.length).toBeGreaterThan(10);
    }
    expect(CHECK_CATALOGUE.find((c) => c.id === 'WK-IAM-ROOT-1')).toMatchObject({
      cis: '1.3',
      securityHub: 'IAM.4',
    });
  });
});

describe('root', () => {
  it('flags an active root key, missing MFA and recent use from the credential report', () => {
    const inv = inventory({
      credentialReport: [
        reportRow('<root_account>', {
          mfaActive: false,
          passwordLastUsed: daysAgo(5),
          accessKeys: [{ active: false }, { active: true, lastUsed: daysAgo(200) }],
        }),
      ],
    });
    expect(run(rootChecks, inv).findings.map((f) => [f.checkId, f.evidence])).toEqual([
      ['WK-IAM-ROOT-1', 'access key 2 active on the root user'],
      ['WK-IAM-ROOT-2', 'credential report: mfa_active = false for <root_account>'],
      ['WK-IAM-ROOT-3', `last used ${daysAgo(5).slice(0, 10)} (console sign-in, 5 days ago)`],
    ]);
  });

  it('is quiet for a root with MFA, no keys, unused for 90 days; falls back to the summary; skips without either', () => {
    expect(
      ids(
        rootChecks,
        inventory({ credentialReport: [reportRow('<root_account>', { passwordLastUsed: daysAgo(91) })] }),
      ),
    ).toEqual([]);
    expect(
      ids(rootChecks, inventory({ summary: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 1 } })),
    ).toEqual(['WK-IAM-ROOT-1 root', 'WK-IAM-ROOT-2 root']);
    expect(run(rootChecks, inventory()).skipped.map((s) => s.checkId)).toEqual([
      'WK-IAM-ROOT-1',
      'WK-IAM-ROOT-2',
      'WK-IAM-ROOT-3',
    ]);
  });
});

describe('users', () => {
  it('flags console without MFA, unused and never-used keys, old keys, two keys and an unused password', () => {
    const inv = inventory({
      users: [user('a'), user('b'), user('c')],
      credentialReport: [
        reportRow('a', { passwordEnabled: true, mfaActive: false, passwordLastUsed: daysAgo(60) }),
        reportRow('b', {
          accessKeys: [
            { active: true, lastRotated: daysAgo(100), lastUsed: daysAgo(50) },
            { active: true, lastRotated: daysAgo(46) },
          ],
        }),
        reportRow('c', {
          accessKeys: [
            { active: true, lastRotated: daysAgo(10), lastUsed: daysAgo(1) },
            { active: false, lastRotated: daysAgo(500) },
          ],
        }),
      ],
    });
    expect(ids(userChecks, inv).sort()).toEqual(
      [
        'WK-IAM-USER-1 a',
        'WK-IAM-USER-5 a',
        'WK-IAM-USER-2 b',
        'WK-IAM-USER-2 b',
        'WK-IAM-USER-3 b',
        'WK-IAM-USER-4 b',
      ].sort(),
    );
    const evidence = run(userChecks, inv)
      .findings.map((f) => f.evidence)
      .join(' | ');
    expect(evidence).toContain('access key 2 never used since it was created 46 days ago');
    expect(evidence).not.toMatch(/AKIA/);
  });

  it('is quiet for healthy users, flags direct policies without a report, and skips the rest', () => {
    const healthy = inventory({
      users: [user('ok')],
      credentialReport: [
        reportRow('ok', {
          passwordEnabled: true,
          mfaActive: true,
          passwordLastUsed: daysAgo(1),
          accessKeys: [{ active: true, lastRotated: daysAgo(30), lastUsed: daysAgo(1) }, { active: false }],
        }),
      ],
    });
    expect(ids(userChecks, healthy)).toEqual([]);
    const direct = inventory({
      users: [
        user('d', {
          attachedPolicies: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', name: 'ReadOnlyAccess' }],
        }),
      ],
    });
    const result = run(userChecks, direct);
    expect(result.findings.map((f) => f.checkId)).toEqual(['WK-IAM-USER-6']);
    expect(result.skipped.map((s) => s.reason)).toEqual(Array(5).fill('no credential report supplied'));
  });
});

describe('policies', () => {
  const admin = managed('Admin', doc(allow(['*'])));
  it('flags attached admin, inline admin and unattached admin with different severities', () => {
    const inv = inventory({
      users: [
        user('u', {
          attachedPolicies: [{ arn: admin.arn, name: 'Admin' }],
          inlinePolicies: [{ name: 'all', document: doc(allow(['*:*'])) }],
        }),
      ],
      policies: [admin, managed('Spare', doc(allow(['*'])), { attachmentCount: 0 })],
    });
    const found = run(policyChecks, inv).findings.map((f) => [f.checkId, f.severity, f.principal.name]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['WK-IAM-POL-1', 'critical', 'Admin'],
        ['WK-IAM-POL-2', 'critical', 'u'],
        ['WK-IAM-POL-3', 'medium', 'Spare'],
      ]),
    );
    expect(run(policyChecks, inv).findings.find((f) => f.checkId === 'WK-IAM-POL-1')?.evidence).toContain(
      'attached to user u',
    );
  });

  it('flags service wildcards (high for iam/kms/cloudtrail), NotAction, NotResource and sts:AssumeRole on *', () => {
    const inv = inventory({
      roles: [
        role('r', {
          inlinePolicies: [
            { name: 'wild', document: doc(allow(['s3:*', 'kms:*'])) },
            {
              name: 'not',
              document: doc(
                { Effect: 'Allow', NotAction: ['iam:*'], Resource: ['*'] },
                { Effect: 'Allow', Action: ['s3:GetObject'], NotResource: ['arn:aws:s3:::secret/*'] },
              ),
            },
            { name: 'hop', document: doc(allow(['sts:Assume*'])) },
          ],
        }),
      ],
    });
    const found = run(policyChecks, inv).findings.map((f) => [f.checkId, f.severity]);
    expect(found).toEqual([
      ['WK-IAM-POL-4', 'high'],
      ['WK-IAM-POL-5', 'high'],
      ['WK-IAM-POL-6', 'medium'],
      ['WK-IAM-POL-7', 'high'],
    ]);
  });

  it('ignores unattached AWS-managed policies and scoped statements', () => {
    const inv = inventory({
      policies: [
        managed('AdministratorAccess', doc(allow(['*'])), {
          arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
          awsManaged: true,
          attachmentCount: 0,
        }),
      ],
      users: [
        user('u', {
          inlinePolicies: [
            {
              name: 'p',
              document: doc(
                allow(['s3:*'], ['arn:aws:s3:::bucket/*']),
                allow(['sts:AssumeRole'], ['arn:aws:iam::1:role/x']),
              ),
            },
          ],
        }),
      ],
    });
    expect(ids(policyChecks, inv)).toEqual([]);
  });

  it('does not report a grant the same policy denies, nor role assumption pinned to tagged roles', () => {
    const inv = inventory({
      users: [
        user('guarded', {
          inlinePolicies: [
            {
              name: 'p',
              document: doc(
                allow(['iam:*', 's3:*', 'sts:AssumeRole']),
                deny(['iam:*', 'sts:AssumeRole'], ['*'], { Sid: 'Guard' }),
              ),
            },
          ],
        }),
        user('abac', {
          inlinePolicies: [
            {
              name: 'p',
              document: doc(
                allow(['sts:AssumeRole'], ['*'], {
                  // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
                  Condition: { StringEquals: { 'aws:ResourceTag/team': ['${aws:PrincipalTag/team}'] } },
                }),
              ),
            },
          ],
        }),
      ],
    });
    const findings = run(policyChecks, inv).findings;
    expect(findings.map((f) => [f.checkId, f.principal.name, f.evidence])).toEqual([
      [
        'WK-IAM-POL-4',
        'guarded',
        'inline policy p of user guarded allows s3:* on "*"; attached to user guarded',
      ],
    ]);
  });
});

describe('Marketplace subscriptions and CloudShell full access (Prowler parity)', () => {
  it('flags aws-marketplace:Subscribe on "*" unless denied, and every holder of AWSCloudShellFullAccess', () => {
    const cloudshell = 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess';
    const procurement = managed('Procurement', doc(allow(['aws-marketplace:*'], ['*'], { Sid: 'Buy' })));
    const inv = inventory({
      policies: [procurement],
      users: [
        user('shell', { attachedPolicies: [{ arn: cloudshell, name: 'AWSCloudShellFullAccess' }] }),
        user('buyer', {
          inlinePolicies: [{ name: 'p', document: doc(allow(['aws-marketplace:Subscribe'])) }],
        }),
        user('fenced', {
          inlinePolicies: [
            {
              name: 'p',
              document: doc(allow(['aws-marketplace:Subscribe']), deny(['aws-marketplace:Subscribe'])),
            },
          ],
        }),
        user('scoped', {
          inlinePolicies: [
            {
              name: 'p',
              document: doc(allow(['aws-marketplace:Subscribe'], ['arn:aws:aws-marketplace:::prodview/x'])),
            },
          ],
        }),
        user('admin', { inlinePolicies: [{ name: 'p', document: doc(allow(['*'])) }] }),
      ],
      roles: [role('ops', { attachedPolicies: [{ arn: cloudshell, name: 'AWSCloudShellFullAccess' }] })],
    });
    expect(
      run(managedAccessChecks, inv).findings.map((f) => [f.checkId, f.principal.name, f.evidence]),
    ).toEqual([
      [
        'WK-IAM-POL-8',
        'buyer',
        'inline policy p of user buyer statement #1 allows aws-marketplace:Subscribe on "*"',
      ],
      [
        'WK-IAM-POL-8',
        'Procurement',
        'managed policy Procurement statement "Buy" allows aws-marketplace:Subscribe on "*"',
      ],
      ['WK-IAM-POL-9', 'AWSCloudShellFullAccess', 'attached to user shell, role ops'],
    ]);
  });
});

describe('privilege escalation', () => {
  it('reports each principal that can escalate, with the methods and statements, but not admins', () => {
    const policy = managed('Dev', doc(allow(['iam:CreatePolicyVersion'], ['*'], { Sid: 'Iterate' })));
    const inv = inventory({
      groups: [group('devs', { attachedPolicies: [{ arn: policy.arn, name: 'Dev' }] })],
      users: [
        user('dev', { groups: ['devs'] }),
        user('boss', { inlinePolicies: [{ name: 'all', document: doc(allow(['*'])) }] }),
        user('safe'),
      ],
      policies: [policy],
    });
    const findings = run(escalationChecks, inv).findings;
    expect(findings.map((f) => f.principal.name)).toEqual(['dev']);
    expect(findings[0]?.evidence).toBe(
      '1 method: CreatePolicyVersion (iam:CreatePolicyVersion on policy Dev by group:devs/Dev statement "Iterate")',
    );
  });
});

describe('roles', () => {
  const trust = (statement: object) =>
    doc({ Effect: 'Allow', Action: ['sts:AssumeRole'], ...statement } as never);
  it('rates trust of anyone by its conditions, and flags unguarded cross-account trust', () => {
    const inv = inventory({
      roles: [
        role('open', { trustPolicy: trust({ Principal: { AWS: ['*'] } }) }),
        role('open-star', { trustPolicy: trust({ Principal: '*' }) }),
        role('open-but', {
          trustPolicy: trust({
            Principal: { AWS: ['*'] },
            Condition: { StringEquals: { 'aws:PrincipalOrgID': ['o-1'] } },
          }),
        }),
        role('vendor', { trustPolicy: trust({ Principal: { AWS: ['arn:aws:iam::999988887777:root'] } }) }),
        role('vendor-ok', {
          trustPolicy: trust({
            Principal: { AWS: ['999988887777'] },
            Condition: { StringEquals: { 'sts:ExternalId': ['x'] } },
          }),
        }),
        role('same-account', {
          trustPolicy: trust({ Principal: { AWS: ['arn:aws:iam::210987654321:root'] } }),
        }),
      ],
    });
    expect(ids(roleChecks, inv)).toEqual([
      'WK-IAM-ROLE-1 open',
      'WK-IAM-ROLE-1 open-star',
      'WK-IAM-ROLE-2 open-but',
      'WK-IAM-ROLE-3 vendor',
    ]);
  });

  it('flags roles unused for 90 days, or never used since creation, but not service-linked roles', () => {
    const { lastUsed: _never, ...neverUsed } = role('never', { createDate: daysAgo(120) });
    const inv = inventory({
      roles: [
        role('stale', { lastUsed: daysAgo(91) }),
        neverUsed,
        role('fresh', { lastUsed: daysAgo(89) }),
        { ...neverUsed, name: 'AWSServiceRoleForSupport', path: '/aws-service-role/support.amazonaws.com/' },
      ],
    });
    expect(ids(roleChecks, inv)).toEqual(['WK-IAM-ROLE-4 stale', 'WK-IAM-ROLE-4 never']);
  });
});

describe('password policy', () => {
  it('flags no policy, short length, reuse and no expiry; passes a strong one; skips when not read', () => {
    expect(ids(passwordPolicyChecks, inventory({ passwordPolicy: null }))).toEqual([
      'WK-IAM-PWD-1 password policy of 210987654321',
    ]);
    expect(
      ids(
        passwordPolicyChecks,
        inventory({ passwordPolicy: { minimumPasswordLength: 8, passwordReusePrevention: 5 } }),
      ).map((s) => s.split(' ')[0]),
    ).toEqual(['WK-IAM-PWD-2', 'WK-IAM-PWD-3', 'WK-IAM-PWD-4', 'WK-IAM-PWD-5']);
    expect(
      ids(
        passwordPolicyChecks,
        inventory({
          passwordPolicy: {
            minimumPasswordLength: 14,
            passwordReusePrevention: 24,
            expirePasswords: true,
            maxPasswordAge: 90,
            requireUppercaseCharacters: true,
            requireLowercaseCharacters: true,
            requireNumbers: true,
            requireSymbols: true,
          },
        }),
      ),
    ).toEqual([]);
    expect(run(passwordPolicyChecks, inventory()).skipped).toHaveLength(5);
  });
});
