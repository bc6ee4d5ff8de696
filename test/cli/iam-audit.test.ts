import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runCliForTest } from '../support/cli.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/iam/account/${name}`, import.meta.url));
const FILES = [
  '--auth-details',
  fixture('auth-details.json'),
  '--credential-report',
  fixture('credential-report.csv'),
  '--password-policy',
  fixture('password-policy.json'),
  '--account-summary',
  fixture('account-summary.json'),
  '--now',
  '2026-11-01T09:00:00Z',
];

/** Every problem PLANTED.md lists, as `check principal`. */
const PLANTED = [
  'WK-IAM-ROOT-1 root',
  'WK-IAM-ROOT-3 root',
  'WK-IAM-POL-1 AdministratorAccess',
  'WK-IAM-USER-1 dana.admin',
  'WK-IAM-USER-2 legacy-etl',
  'WK-IAM-USER-2 sam.contractor',
  'WK-IAM-USER-3 sam.contractor',
  'WK-IAM-USER-3 reporting-bot',
  'WK-IAM-USER-4 reporting-bot',
  'WK-IAM-ESC-1 ci-runner',
  'WK-IAM-ESC-1 alice.ng',
  'WK-IAM-ESC-1 bruno.silva',
  'WK-IAM-ESC-1 grace.liu',
  'WK-IAM-ESC-1 vendor-sync',
  'WK-IAM-POL-5 AllButBilling',
  'WK-IAM-POL-4 DataLakeWide',
  'WK-IAM-POL-7 AssumeAnything',
  'WK-IAM-ROLE-1 partner-audit',
  'WK-IAM-ROLE-3 vendor-sync',
  'WK-IAM-ROLE-4 old-migration-role',
  'WK-IAM-PWD-2 password policy of 444455556666',
  'WK-IAM-PWD-3 password policy of 444455556666',
  'WK-IAM-PWD-4 password policy of 444455556666',
  // Prowler parity (issue 16):
  'WK-IAM-PWD-5 password policy of 444455556666',
  'WK-IAM-USER-7 dana.admin',
  'WK-IAM-ROLE-5 web-app-role',
  'WK-IAM-ROLE-5 ci-deploy-target',
  'WK-IAM-ROLE-5 old-migration-role',
  'WK-IAM-ROLE-6 org-readonly',
  'WK-IAM-ROLE-7 support role of 444455556666',
];

describe('watchkeeper audit', () => {
  it('finds every planted problem in a realistic account, and nothing about the healthy principals', async () => {
    const run = await runCliForTest(['audit', ...FILES, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      findings: { checkId: string; principal: { name: string } }[];
      checksSkipped: { checkId: string; reason: string }[];
      accountId: string;
      score: number;
    };
    const found = report.findings.map((f) => `${f.checkId} ${f.principal.name}`);
    expect(found.filter((f) => !f.startsWith('WK-IAM-USER-6')).sort()).toEqual([...PLANTED].sort());
    expect(report.accountId).toBe('444455556666');
    for (const healthy of ['chen.wei', 'erin.okafor', 'farah.haddad'])
      expect(found.join('\n')).not.toContain(healthy);
    // Lists the CLI reads no file for are named as not checked, never passed.
    expect(report.checksSkipped).toEqual([
      { checkId: 'WK-IAM-ROOT-4', reason: 'virtual MFA devices not supplied' },
      { checkId: 'WK-IAM-USER-8', reason: 'virtual MFA devices not supplied' },
      { checkId: 'WK-IAM-CERT-1', reason: 'server certificates not supplied' },
      { checkId: 'WK-IAM-FED-1', reason: 'SAML providers not supplied' },
    ]);
  });

  it('runs the hardware-MFA, certificate and SAML checks when given the account lists', async () => {
    const run = await runCliForTest([
      'audit',
      ...FILES,
      '--virtual-mfa-devices',
      fixture('virtual-mfa-devices.json'),
      '--server-certificates',
      fixture('server-certificates.json'),
      '--saml-providers',
      fixture('saml-providers.json'),
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      findings: { checkId: string; principal: { name: string } }[];
      checksSkipped: { checkId: string }[];
    };
    const found = report.findings
      .filter((f) => /ROOT-4|USER-8|CERT-1|FED-1/.test(f.checkId))
      .map((f) => `${f.checkId} ${f.principal.name}`)
      .sort();
    // Root and chen.wei use authenticator apps; the other console users' MFA is not in the
    // virtual list, so it is hardware. One certificate and one SAML provider have expired.
    expect(found).toEqual([
      'WK-IAM-CERT-1 legacy-shop-2024',
      'WK-IAM-FED-1 OldCorpADFS',
      'WK-IAM-ROOT-4 root',
      'WK-IAM-USER-8 chen.wei',
    ]);
    const skipped = report.checksSkipped.map((c) => c.checkId);
    for (const id of ['WK-IAM-ROOT-4', 'WK-IAM-USER-8', 'WK-IAM-CERT-1', 'WK-IAM-FED-1'])
      expect(skipped).not.toContain(id);
    const bad = join(tmpdir(), `wk-audit-bad-mfa-${process.pid}.json`);
    writeFileSync(bad, JSON.stringify({ VirtualMFADevices: [{ SerialNumber: 'GAHT12345678' }] }));
    const refused = await runCliForTest(['audit', ...FILES, '--virtual-mfa-devices', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('virtual MFA devices');
  });

  it('prints text with a headline, and CSV one row per finding', async () => {
    const text = await runCliForTest(['audit', ...FILES]);
    expect(text.stdout).toMatch(/^IAM access review of 444455556666 \(account\)/);
    expect(text.stdout).toMatch(/Score \d+\/100 — 3 critical, \d+ high/);
    const csv = await runCliForTest(['audit', ...FILES, '--format', 'csv']);
    const rows = parse(csv.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThanOrEqual(PLANTED.length);
    expect(rows[0]).toMatchObject({ severity: 'critical' });
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'check_id',
      'severity',
      'title',
      'cis',
      'security_hub',
      'prowler',
      'principal_kind',
      'principal_name',
      'principal_arn',
      'evidence',
      'fix',
    ]);
  });

  it('narrows to one principal, and gates CI with --fail-on', async () => {
    const one = await runCliForTest(['audit', ...FILES, '--scope', 'user:ci-runner', '--format', 'json']);
    const report = JSON.parse(one.stdout) as {
      findings: { principal: { name: string } }[];
      principals: unknown[];
    };
    expect(new Set(report.findings.map((f) => f.principal.name))).toEqual(new Set(['ci-runner']));
    expect(report.principals).toHaveLength(1);
    const admin = JSON.parse(
      (await runCliForTest(['audit', ...FILES, '--scope', 'user:dana.admin', '--format', 'json'])).stdout,
    ) as {
      findings: { checkId: string; principal: { name: string } }[];
    };
    // The policy attached to the user is part of its review.
    expect(admin.findings.map((f) => `${f.checkId} ${f.principal.name}`)).toEqual(
      expect.arrayContaining(['WK-IAM-POL-1 AdministratorAccess', 'WK-IAM-USER-1 dana.admin']),
    );
    expect((await runCliForTest(['audit', ...FILES, '--fail-on', 'critical'])).code).toBe(3);
    expect(
      (await runCliForTest(['audit', ...FILES, '--scope', 'user:chen.wei', '--fail-on', 'high'])).code,
    ).toBe(0);
  });

  it('works from the authorization details alone, saying what it could not check', async () => {
    const run = await runCliForTest([
      'audit',
      '--auth-details',
      fixture('auth-details.json'),
      '--now',
      '2026-11-01T09:00:00Z',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('WK-IAM-USER-1: no credential report supplied');
    expect(run.stdout).toContain('WK-IAM-PWD-1: password policy not supplied');
  });

  it('names the file and the problem for bad input', async () => {
    const bad = join(tmpdir(), `wk-bad-${process.pid}.json`);
    writeFileSync(
      bad,
      JSON.stringify({
        UserDetailList: [{ UserName: 'x', Arn: 'arn:aws:iam::1:user/x', CreateDate: 'someday' }],
      }),
    );
    const invalid = await runCliForTest(['audit', '--auth-details', bad]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(
      /^authorization details \(.*wk-bad-\d+\.json\) are not valid: UserDetailList\[0\]\.CreateDate/,
    );
    const missing = await runCliForTest(['audit', '--auth-details', '/nonexistent/auth.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read authorization details \/nonexistent\/auth.json/);
    writeFileSync(bad, '{ not json');
    expect((await runCliForTest(['audit', '--auth-details', bad])).stderr).toMatch(/is not JSON/);
    expect((await runCliForTest(['audit', '--auth-details', bad, '--now', 'later'])).stderr).toMatch(
      /--now must be an ISO-8601 date/,
    );
    expect((await runCliForTest(['audit', '--auth-details', bad, '--format', 'xml'])).code).toBe(2);
    const scope = await runCliForTest(['audit', ...FILES, '--scope', 'user:nobody']);
    expect(scope.stderr).toMatch(/no user named nobody/);
  });

  it('refuses JSON that is not IAM data, or holds no principals, instead of reporting a perfect score', async () => {
    const file = join(tmpdir(), `wk-not-iam-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ Reservations: [], NextToken: null }));
    const notIam = await runCliForTest(['audit', '--auth-details', file]);
    expect(notIam.code).toBe(2);
    expect(notIam.stderr).toMatch(
      /is not an authorization-details document: expected the JSON that `aws iam/,
    );
    expect(notIam.stdout).not.toMatch(/Score 100/);
    writeFileSync(
      file,
      JSON.stringify({ UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] }),
    );
    const empty = await runCliForTest(['audit', '--auth-details', file]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/hold no IAM users or roles/);
    expect(empty.stdout).toBe('');
  });
});
