import { describe, expect, it } from 'vitest';
import type { CheckModule } from '../../../src/iam/checks/check.js';
import { parseInventory } from '../../../src/iam/inventory/parse.js';
import type { Inventory } from '../../../src/iam/model.js';
import { adminMfaChecks } from '../../../src/iam/rules/admin-mfa.js';
import { certificateChecks } from '../../../src/iam/rules/certificates.js';
import { CHECK_CATALOGUE } from '../../../src/iam/rules/index.js';
import { mfaDeviceChecks } from '../../../src/iam/rules/mfa-devices.js';
import { passwordPolicyChecks } from '../../../src/iam/rules/password-policy.js';
import { roleExposureChecks } from '../../../src/iam/rules/role-exposure.js';
import { partialNote, runAudit } from '../../../src/iam/run-audit.js';
import {
  ACCOUNT,
  allow,
  CATALOG,
  ctx,
  daysAgo,
  doc,
  group,
  inventory,
  managed,
  NOW,
  reportRow,
  role,
  user,
} from '../builders.js';

// The Prowler-parity checks of issue 16: each finding carries Prowler's check id in the
// catalogue, and each check is shown failing, passing and skipping.

const run = (m: CheckModule, inv: Inventory) => m.run(ctx(inv));
const ids = (m: CheckModule, inv: Inventory) =>
  run(m, inv).findings.map((f) => `${f.checkId} ${f.principal.name}: ${f.evidence}`);
const ADMIN = { arn: 'arn:aws:iam::aws:policy/AdministratorAccess', name: 'AdministratorAccess' };
const ADMIN_POLICY = managed('AdministratorAccess', doc(allow(['*'])), {
  arn: ADMIN.arn,
  awsManaged: true,
});
const virtual = (name: string, userArn: string) => ({
  serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/${name}`,
  userArn,
});

describe('Prowler ids', () => {
  it('names the Prowler check of every new check', () => {
    const prowler = new Map(CHECK_CATALOGUE.map((c) => [c.id, c.prowler ?? []]));
    expect(prowler.get('WK-IAM-PWD-5')).toEqual([
      'iam_password_policy_uppercase',
      'iam_password_policy_lowercase',
      'iam_password_policy_number',
      'iam_password_policy_symbol',
    ]);
    expect(prowler.get('WK-IAM-ROOT-4')).toEqual(['iam_root_hardware_mfa_enabled']);
    expect(prowler.get('WK-IAM-USER-7')).toEqual(['iam_administrator_access_with_mfa']);
    expect(prowler.get('WK-IAM-USER-8')).toEqual(['iam_user_hardware_mfa_enabled']);
    expect(prowler.get('WK-IAM-ROLE-5')).toEqual(['iam_role_cross_service_confused_deputy_prevention']);
    expect(prowler.get('WK-IAM-ROLE-6')).toEqual(['iam_role_cross_account_readonlyaccess_policy']);
    expect(prowler.get('WK-IAM-ROLE-7')).toEqual(['iam_support_role_created']);
    expect(prowler.get('WK-IAM-CERT-1')).toEqual(['iam_no_expired_server_certificates_stored']);
  });
});

describe('password complexity (PWD-5, Security Hub IAM.7)', () => {
  it('names each character class the policy does not require', () => {
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
            requireNumbers: false,
          },
        }),
      ),
    ).toEqual([
      `WK-IAM-PWD-5 password policy of ${ACCOUNT}: does not require a lower-case letter, a number, a symbol`,
    ]);
  });
});

describe('hardware MFA (ROOT-4, USER-8)', () => {
  const root = `arn:aws:iam::${ACCOUNT}:root`;
  const ana = user('ana');
  const base = inventory({
    users: [ana, user('bo'), user('cy')],
    credentialReport: [
      reportRow('<root_account>'),
      reportRow('ana', { passwordEnabled: true }),
      reportRow('bo', { passwordEnabled: true }),
      reportRow('cy'), // keys only: no console
    ],
  });

  it('flags a virtual device on root and on console users, not hardware keys nor API-only users', () => {
    const found = ids(mfaDeviceChecks, {
      ...base,
      virtualMfaDevices: [
        virtual('root-account-mfa-device', root),
        virtual('ana', ana.arn),
        virtual('cy', `arn:aws:iam::${ACCOUNT}:user/cy`),
      ],
    });
    expect(found).toEqual([
      "WK-IAM-ROOT-4 root: the root user's MFA is virtual device root-account-mfa-device",
      'WK-IAM-USER-8 ana: console password with virtual MFA device ana',
    ]);
  });

  it('leaves root without MFA to ROOT-2, and skips without the device list, saying why', () => {
    const noMfa = { ...base, credentialReport: [reportRow('<root_account>', { mfaActive: false })] };
    expect(ids(mfaDeviceChecks, { ...noMfa, virtualMfaDevices: [virtual('x', root)] })).toEqual([]);
    expect(run(mfaDeviceChecks, base).skipped).toEqual([
      { checkId: 'WK-IAM-ROOT-4', reason: 'virtual MFA devices not supplied' },
      { checkId: 'WK-IAM-USER-8', reason: 'virtual MFA devices not supplied' },
    ]);
    const refused = {
      ...base,
      unread: [{ part: 'virtual MFA devices' as const, reason: 'AWS refused iam:ListVirtualMFADevices' }],
    };
    expect(run(mfaDeviceChecks, refused).skipped[0]?.reason).toBe(
      'virtual MFA devices not read: AWS refused iam:ListVirtualMFADevices',
    );
  });
});

describe('admins without MFA (USER-7)', () => {
  it('flags users the engine finds admin, through a group too, who sign in without MFA', () => {
    const inv = inventory({
      users: [
        user('direct', { attachedPolicies: [ADMIN] }),
        user('via-group', { groups: ['admins'] }),
        user('with-mfa', { attachedPolicies: [ADMIN] }),
        user('no-credentials', { attachedPolicies: [ADMIN] }),
        user('reader', { inlinePolicies: [{ name: 'r', document: doc(allow(['s3:GetObject'])) }] }),
      ],
      groups: [group('admins', { attachedPolicies: [ADMIN] })],
      policies: [ADMIN_POLICY],
      credentialReport: [
        reportRow('direct', { passwordEnabled: true, mfaActive: false }),
        reportRow('via-group', {
          mfaActive: false,
          accessKeys: [{ active: true, lastRotated: daysAgo(3) }, { active: false }],
        }),
        reportRow('with-mfa', { passwordEnabled: true }),
        reportRow('no-credentials', { mfaActive: false }),
        reportRow('reader', { passwordEnabled: true, mfaActive: false }),
      ],
    });
    expect(ids(adminMfaChecks, inv)).toEqual([
      'WK-IAM-USER-7 direct: full administrative access ("*" on "*") and no MFA device; signs in with console password',
      'WK-IAM-USER-7 via-group: full administrative access ("*" on "*") and no MFA device; signs in with 1 active access key',
    ]);
    const { credentialReport: _report, ...withoutReport } = inv;
    expect(run(adminMfaChecks, withoutReport).skipped).toEqual([
      { checkId: 'WK-IAM-USER-7', reason: 'no credential report supplied' },
    ]);
  });
});

describe('role exposure (ROLE-5, ROLE-6, ROLE-7)', () => {
  const service = (svc: string, condition?: Record<string, Record<string, string[]>>) =>
    doc({
      Effect: 'Allow',
      Principal: { Service: [svc] },
      Action: ['sts:AssumeRole'],
      ...(condition ? { Condition: condition } : {}),
    });
  const trustedBy = (account: string, condition?: Record<string, Record<string, string[]>>) =>
    doc({
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${account}:root`] },
      Action: ['sts:AssumeRole'],
      ...(condition ? { Condition: condition } : {}),
    });
  const READ_ONLY = { arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', name: 'ReadOnlyAccess' };
  const SUPPORT = { arn: 'arn:aws:iam::aws:policy/AWSSupportAccess', name: 'AWSSupportAccess' };

  it('flags service trust without a source condition, but not a guarded or service-linked one', () => {
    const inv = inventory({
      roles: [
        role('open', { trustPolicy: service('lambda.amazonaws.com') }),
        role('guarded', {
          trustPolicy: service('config.amazonaws.com', { StringEquals: { 'aws:SourceAccount': [ACCOUNT] } }),
        }),
        role('by-arn', {
          trustPolicy: service('sns.amazonaws.com', { ArnLike: { 'aws:SourceArn': ['arn:aws:sns:*'] } }),
        }),
        role('AWSServiceRoleForX', {
          path: '/aws-service-role/x.amazonaws.com/',
          trustPolicy: service('x.amazonaws.com'),
        }),
        role('support', { attachedPolicies: [SUPPORT], trustPolicy: trustedBy(ACCOUNT) }),
      ],
    });
    expect(ids(roleExposureChecks, inv)).toEqual([
      'WK-IAM-ROLE-5 open: trust policy lets lambda.amazonaws.com assume it without aws:SourceAccount or aws:SourceArn',
    ]);
  });

  it('flags another account reading everything, by ReadOnlyAccess or by *:Get*/List*/Describe* on "*"', () => {
    const inv = inventory({
      roles: [
        role('auditor-ro', { attachedPolicies: [READ_ONLY], trustPolicy: trustedBy('999988887777') }),
        role('org-ro', {
          trustPolicy: trustedBy('999988887777', { StringEquals: { 'aws:PrincipalOrgID': ['o-abc'] } }),
          inlinePolicies: [{ name: 'peek', document: doc(allow(['*:Describe*', '*:List*'])) }],
        }),
        role('own-ro', { attachedPolicies: [READ_ONLY], trustPolicy: trustedBy(ACCOUNT) }),
        role('scoped', {
          trustPolicy: trustedBy('999988887777', { StringEquals: { 'sts:ExternalId': ['x'] } }),
          inlinePolicies: [{ name: 'one', document: doc(allow(['s3:Get*'], ['arn:aws:s3:::b/*'])) }],
        }),
        role('support', { attachedPolicies: [SUPPORT], trustPolicy: trustedBy(ACCOUNT) }),
      ],
    });
    expect(ids(roleExposureChecks, inv).filter((f) => f.includes('ROLE-6'))).toEqual([
      'WK-IAM-ROLE-6 auditor-ro: trusted by 999988887777; reads everything through ReadOnlyAccess',
      'WK-IAM-ROLE-6 org-ro: trusted by 999988887777 (trust limited by aws:principalorgid); reads everything through inline:peek (*:Describe*, *:List* on "*")',
    ]);
  });

  it('flags an account where no role has AWSSupportAccess (CIS 1.16)', () => {
    const none = inventory({ roles: [role('app', { trustPolicy: trustedBy(ACCOUNT) })] });
    expect(ids(roleExposureChecks, none)).toEqual([
      `WK-IAM-ROLE-7 support role of ${ACCOUNT}: no IAM role has AWSSupportAccess attached`,
    ]);
  });
});

describe('certificates and SAML providers (CERT-1, FED-1)', () => {
  it('flags expired server certificates and SAML metadata, lists providers, and skips unread lists', () => {
    const inv = inventory({
      users: [user('x')],
      serverCertificates: [
        { name: 'old', arn: `arn:aws:iam::${ACCOUNT}:server-certificate/old`, expiration: daysAgo(10) },
        { name: 'new', arn: `arn:aws:iam::${ACCOUNT}:server-certificate/new`, expiration: daysAgo(-100) },
      ],
      samlProviders: [
        { name: 'okta', arn: `arn:aws:iam::${ACCOUNT}:saml-provider/okta`, validUntil: daysAgo(-30) },
        { name: 'adfs', arn: `arn:aws:iam::${ACCOUNT}:saml-provider/adfs`, validUntil: daysAgo(5) },
      ],
    });
    expect(ids(certificateChecks, inv)).toEqual([
      `WK-IAM-CERT-1 old: expired ${daysAgo(10).slice(0, 10)} (10 days ago)`,
      `WK-IAM-FED-1 adfs: SAML metadata valid until ${daysAgo(5).slice(0, 10)} (5 days ago)`,
    ]);
    const report = runAudit(inv, { catalog: CATALOG, now: NOW });
    expect(report.samlProviders?.map((p) => [p.name, p.expired])).toEqual([
      ['okta', false],
      ['adfs', true],
    ]);
    expect(run(certificateChecks, inventory()).skipped.map((s) => s.reason)).toEqual([
      'server certificates not supplied',
      'SAML providers not supplied',
    ]);
  });
});

describe('parts AWS refused', () => {
  it('make the review partial, saying which part and why ("SCPs not read: …")', () => {
    const inv = inventory({
      users: [user('x')],
      credentialReport: [reportRow('x')],
      passwordPolicy: null,
      virtualMfaDevices: [],
      serverCertificates: [],
      samlProviders: [],
      unread: [
        {
          part: 'service control policies',
          reason: 'the account is not in an AWS Organizations organization',
        },
      ],
    });
    const report = runAudit(inv, { catalog: CATALOG, now: NOW });
    expect(report.incomplete).toEqual(['service control policies']);
    expect(partialNote(report)).toBe(
      ' (partial: SCPs not read: the account is not in an AWS Organizations organization)',
    );
    expect(partialNote({ ...report, incomplete: ['credential report', 'service control policies'] })).toBe(
      ' (partial: no credential report; SCPs not read: the account is not in an AWS Organizations organization)',
    );
    expect(partialNote({ incomplete: ['credential report', 'password policy'] })).toBe(
      ' (partial: no credential report, no password policy)',
    );
  });
});

describe('SCPs read from Organizations, level by level', () => {
  const full = { Effect: 'Allow' as const, Action: ['*'], Resource: ['*'] };
  const onlyS3 = { Effect: 'Allow' as const, Action: ['s3:*'], Resource: ['*'] };
  const escalator = inventory({
    users: [
      user('dev', {
        inlinePolicies: [{ name: 'keys', document: doc(allow(['iam:CreateAccessKey'])) }],
      }),
      user('boss', { attachedPolicies: [ADMIN] }),
    ],
    policies: [ADMIN_POLICY],
  });
  const esc = (scps: Inventory['serviceControlPolicies']) =>
    runAudit(
      { ...escalator, ...(scps ? { serviceControlPolicies: scps } : {}) },
      { catalog: CATALOG, now: NOW },
    ).findings.filter((f) => f.checkId === 'WK-IAM-ESC-1' || f.checkId === 'WK-IAM-POL-1');

  it('needs an allow at every level: an OU allow-list beside FullAWSAccess at the root limits', () => {
    expect(esc(undefined).map((f) => `${f.checkId} ${f.principal.name}`)).toEqual([
      'WK-IAM-POL-1 AdministratorAccess',
      'WK-IAM-ESC-1 dev',
    ]);
    const levels = [
      { name: 'FullAWSAccess', target: 'root r-ab12', document: doc(full) },
      { name: 'OnlyS3', target: 'ou-ab12-data', document: doc(onlyS3) },
    ];
    // The OU allows only S3: dev cannot create keys, so cannot escalate.
    expect(esc(levels).map((f) => `${f.checkId} ${f.principal.name}`)).toEqual([
      'WK-IAM-POL-1 AdministratorAccess',
    ]);
    const report = runAudit({ ...escalator, serviceControlPolicies: levels }, { catalog: CATALOG, now: NOW });
    expect(report.principals.find((p) => p.name === 'boss')?.admin).toBe(false);
    // Without levels (a CLI file of policies), one allowing SCP is enough, as before.
    const flat = levels.map(({ name, document }) => ({ name, document }));
    expect(esc(flat).map((f) => `${f.checkId} ${f.principal.name}`)).toEqual([
      'WK-IAM-POL-1 AdministratorAccess',
      'WK-IAM-ESC-1 dev',
    ]);
  });

  it('keeps where each SCP is attached when the port says so', () => {
    const inv = parseInventoryForScps([
      { Name: 'FullAWSAccess', Document: JSON.stringify(doc(full)), Target: 'root r-ab12' },
    ]);
    expect(inv.serviceControlPolicies?.[0]?.target).toBe('root r-ab12');
  });
});

function parseInventoryForScps(serviceControlPolicies: unknown) {
  return parseInventory({
    collectedAt: NOW.toISOString(),
    authorizationDetails: {
      UserDetailList: [
        {
          UserName: 'u',
          UserId: 'AIDAEXAMPLE000000001',
          Arn: `arn:aws:iam::${ACCOUNT}:user/u`,
          CreateDate: daysAgo(9),
        },
      ],
    },
    serviceControlPolicies,
  });
}
