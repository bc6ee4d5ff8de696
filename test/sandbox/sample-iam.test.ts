import { describe, expect, it } from 'vitest';
import type { CollectProgress, RawIamInventory } from '../../src/aws/iam/port.js';
import { loadActionCatalog } from '../../src/iam/catalog/action-catalog.js';
import { CREDENTIAL_REPORT_COLUMNS } from '../../src/iam/inventory/credential-report.js';
import { parseInventory } from '../../src/iam/inventory/parse.js';
import { runAudit } from '../../src/iam/run-audit.js';
import { createSampleIamInventoryPort } from '../../src/sandbox/sample-account/iam.js';
import { SAMPLE_ACCOUNT_ID } from '../../src/sandbox/sample-account/identity.js';

// The sandbox's sample IAM account: raw AWS shapes that hang together, and its planted problems
// found by the real analysis whatever day the sandbox runs.

interface Attached {
  PolicyName: string;
  PolicyArn: string;
}
interface Details {
  UserDetailList: {
    UserName: string;
    Arn: string;
    GroupList: string[];
    AttachedManagedPolicies: Attached[];
    UserPolicyList: { PolicyDocument: string }[];
  }[];
  GroupDetailList: {
    GroupName: string;
    AttachedManagedPolicies: Attached[];
    GroupPolicyList: { PolicyDocument: string }[];
  }[];
  RoleDetailList: {
    RoleName: string;
    Path: string;
    AssumeRolePolicyDocument: string;
    AttachedManagedPolicies: Attached[];
    RolePolicyList: { PolicyDocument: string }[];
  }[];
  Policies: { Arn: string; AttachmentCount: number; PolicyVersionList: { Document: string }[] }[];
}

const collect = (now: Date, onProgress?: (p: CollectProgress) => void): Promise<RawIamInventory> =>
  createSampleIamInventoryPort({ now: () => now, pageDelayMs: 0 }).collect(onProgress);
const details = (raw: RawIamInventory) => raw.authorizationDetails as Details;
const decode = (document: string): unknown => JSON.parse(decodeURIComponent(document));

/** Each planted problem (see the doc comment of the sample account), as `check principal`. */
const PLANTED = [
  'WK-IAM-ROOT-1 root',
  'WK-IAM-USER-1 tom.becker',
  'WK-IAM-POL-1 AdministratorAccess',
  'WK-IAM-USER-2 legacy-etl',
  'WK-IAM-USER-2 sam.contractor',
  'WK-IAM-USER-3 sam.contractor',
  'WK-IAM-USER-3 reporting-bot',
  'WK-IAM-USER-4 deploy-bot',
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
  `WK-IAM-PWD-2 password policy of ${SAMPLE_ACCOUNT_ID}`,
  `WK-IAM-PWD-3 password policy of ${SAMPLE_ACCOUNT_ID}`,
  `WK-IAM-PWD-4 password policy of ${SAMPLE_ACCOUNT_ID}`,
  // Prowler parity (issue 16), each planted in iam-data.ts:
  `WK-IAM-PWD-5 password policy of ${SAMPLE_ACCOUNT_ID}`,
  'WK-IAM-ROOT-4 root',
  'WK-IAM-USER-7 tom.becker',
  'WK-IAM-USER-8 nina.kowalski',
  'WK-IAM-ROLE-5 web-app-role',
  'WK-IAM-ROLE-5 image-resizer-lambda',
  'WK-IAM-ROLE-5 old-migration-role',
  'WK-IAM-ROLE-6 org-readonly',
  `WK-IAM-ROLE-7 support role of ${SAMPLE_ACCOUNT_ID}`,
  'WK-IAM-CERT-1 www-sample-2025',
  'WK-IAM-FED-1 legacy-adfs',
];
/** Principals with a planted problem; every other user and role is meant to be healthy. */
const PLANTED_ON = new Set([
  ...PLANTED.map((p) => p.split(' ').slice(1).join(' ')),
  // Direct attachments (WK-IAM-USER-6) that come with the planted users above.
  'tom.becker',
  'legacy-etl',
  'ci-runner',
]);

describe('sample IAM inventory', () => {
  it('is raw AWS output that hangs together', async () => {
    const raw = await collect(new Date('2026-03-01T10:00:00Z'));
    const d = details(raw);
    expect(raw.accountId).toBe(SAMPLE_ACCOUNT_ID);
    expect(d.UserDetailList).toHaveLength(25);
    expect(d.GroupDetailList).toHaveLength(6);
    expect(d.RoleDetailList).toHaveLength(30);
    expect(
      d.RoleDetailList.filter((r) => r.Path.startsWith('/aws-service-role/')).length,
    ).toBeGreaterThanOrEqual(5);
    expect(
      d.Policies.filter((p) => p.Arn.startsWith(`arn:aws:iam::${SAMPLE_ACCOUNT_ID}:policy/`)),
    ).toHaveLength(15);
    const policies = new Set(d.Policies.map((p) => p.Arn));
    const groups = new Set(d.GroupDetailList.map((g) => g.GroupName));
    const attached = [...d.UserDetailList, ...d.GroupDetailList, ...d.RoleDetailList].flatMap(
      (p) => p.AttachedManagedPolicies,
    );
    for (const a of attached) {
      expect(policies, a.PolicyArn).toContain(a.PolicyArn);
      expect(a.PolicyArn.endsWith(`/${a.PolicyName}`)).toBe(true);
    }
    for (const p of d.Policies)
      expect(p.AttachmentCount, p.Arn).toBe(attached.filter((a) => a.PolicyArn === p.Arn).length);
    for (const u of d.UserDetailList) for (const g of u.GroupList) expect(groups, u.UserName).toContain(g);
    for (const name of [
      'AdministratorAccess',
      'ReadOnlyAccess',
      'AmazonS3FullAccess',
      'service-role/AWSLambdaBasicExecutionRole',
    ])
      expect(policies).toContain(`arn:aws:iam::aws:policy/${name}`);

    // Documents are URL-encoded JSON, as the API returns them.
    const documents = [
      ...d.Policies.flatMap((p) => p.PolicyVersionList.map((v) => v.Document)),
      ...d.RoleDetailList.map((r) => r.AssumeRolePolicyDocument),
      ...[...d.UserDetailList.map((u) => u.UserPolicyList), ...d.RoleDetailList.map((r) => r.RolePolicyList)]
        .flat()
        .map((p) => p.PolicyDocument),
      ...d.GroupDetailList.flatMap((g) => g.GroupPolicyList.map((p) => p.PolicyDocument)),
    ];
    for (const doc of documents) {
      expect(doc.startsWith('%7B')).toBe(true);
      expect(decode(doc)).toMatchObject({ Version: '2012-10-17', Statement: expect.any(Array) });
    }

    // The credential report: 22 columns, root first, then one row per user with the user's ARN.
    const lines = (raw.credentialReportCsv ?? '').trimEnd().split('\n');
    expect(lines[0]).toBe(CREDENTIAL_REPORT_COLUMNS.join(','));
    for (const line of lines) expect(line.split(',')).toHaveLength(22);
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows[0]?.slice(0, 2)).toEqual(['<root_account>', `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:root`]);
    expect(rows.slice(1).map((r) => `${r[0]} ${r[1]}`)).toEqual(
      d.UserDetailList.map((u) => `${u.UserName} ${u.Arn}`),
    );

    // The lists the Prowler-parity checks read: virtual MFA devices of root and of console users
    // that have MFA (by ARN), server certificates and SAML providers, and the org's SCPs.
    const devices = raw.virtualMfaDevices as { SerialNumber: string; User: { Arn: string } }[];
    const mfaUsers = new Set(rows.filter((r) => r[7] === 'true').map((r) => r[1]));
    for (const device of devices) {
      expect(device.SerialNumber).toMatch(new RegExp(`^arn:aws:iam::${SAMPLE_ACCOUNT_ID}:mfa/`));
      expect(mfaUsers, device.User.Arn).toContain(device.User.Arn);
    }
    const inventory = parseInventory(raw);
    expect(inventory.serverCertificates).toHaveLength(2);
    expect(inventory.samlProviders?.map((p) => p.name)).toEqual(['sample-okta', 'legacy-adfs']);
    expect(inventory.serviceControlPolicies?.map((p) => p.name)).toEqual(['FullAWSAccess']);
    expect(inventory.unread).toBeUndefined();
  });

  it('reports progress in pages while it collects', async () => {
    const seen: CollectProgress[] = [];
    await createSampleIamInventoryPort({
      now: () => new Date('2026-03-01T10:00:00Z'),
      pageDelayMs: 1,
    }).collect((p) => seen.push(p));
    const pages = seen.filter((p) => p.stage === 'authorization-details');
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.map((p) => p.pages)).toEqual([...pages.keys()].map((i) => i + 1));
    expect(pages.map((p) => p.principals)).toEqual([...pages.map((p) => p.principals)].sort((a, b) => a - b));
  });

  // Two far-apart days: the problems are dated relative to now, so they never age out.
  for (const day of ['2026-03-01T10:00:00Z', '2031-11-20T23:30:00Z']) {
    it(`shows every planted problem, and none on the healthy principals, on ${day.slice(0, 10)}`, async () => {
      const now = new Date(day);
      const report = runAudit(parseInventory(await collect(now)), {
        catalog: await loadActionCatalog(),
        now,
      });
      const found = report.findings.map((f) => `${f.checkId} ${f.principal.name}`);
      for (const planted of PLANTED) expect(found, planted).toContain(planted);
      const unexpected = report.findings
        .filter((f) => !PLANTED_ON.has(f.principal.name))
        .map((f) => `${f.checkId} ${f.principal.name}`);
      expect(unexpected).toEqual([]);
      // Every part was read, so the review is whole and its SAML providers are listed.
      expect(report.incomplete).toBeUndefined();
      expect(report.samlProviders?.map((p) => `${p.name} ${p.expired}`)).toEqual([
        'sample-okta false',
        'legacy-adfs true',
      ]);
      expect(report.findings.filter((f) => f.principal.name === 'chen.wei')).toEqual([]);
    });
  }
});
