import type { IamInventoryPort, RawIamInventory } from '../../aws/iam/port.js';
import { CREDENTIAL_REPORT_COLUMNS } from '../../iam/inventory/credential-report.js';
import {
  AWS_MANAGED,
  AWS_MANAGED_DOCUMENTS,
  CUSTOMER_POLICIES,
  GROUPS,
  type PolicyRef,
  ROLES,
  SAML_PROVIDERS,
  type SampleKey,
  SELF,
  SERVER_CERTIFICATES,
  SERVICE_CONTROL_POLICIES,
  type Statement,
  USERS,
} from './iam-data.js';
import { SAMPLE_ACCOUNT_ID, SAMPLE_REGION } from './identity.js';

/**
 * The sandbox account's IAM (25 users, 6 groups, 30 roles of which 6 service-linked, 15 customer
 * managed and 12 AWS managed policies), in the raw AWS format: policy documents URL-encoded as
 * the API returns them, the 22-column credential report, `PasswordPolicy` and `SummaryMap`.
 * Everything is dated relative to `now()`, so the planted problems stay problems:
 *
 * - root has an active access key;
 * - `tom.becker` has AdministratorAccess attached directly, a console password and no MFA;
 * - `legacy-etl`'s key was last used 120 days ago; `sam.contractor`'s key was never used since
 *   it was created 200 days ago; `reporting-bot`'s active key is 260 days old; `deploy-bot` has
 *   two active keys;
 * - `ci-runner` can escalate with iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction
 *   (inline policy); the `developers` group's DeveloperTools allows iam:CreatePolicyVersion, so
 *   `alice.ng`, `bruno.silva` and `grace.liu` can escalate;
 * - AllButBilling (on role `vendor-sync`) is an Allow with NotAction; DataLakeWide (on
 *   `data-pipeline-role`) allows s3:* on "*"; AssumeAnything (on `old-migration-role`) allows
 *   sts:AssumeRole on "*";
 * - role `partner-audit` trusts `"AWS": "*"` with no condition; `vendor-sync` trusts another
 *   account without sts:ExternalId; `old-migration-role` was last used 200 days ago;
 * - the password policy asks for 8 characters, with no reuse prevention, no expiry and no symbols;
 * - root's MFA and `nina.kowalski`'s are virtual devices (everyone else has a security key);
 * - `tom.becker` is an admin without MFA; no role has AWSSupportAccess;
 * - `web-app-role`, `image-resizer-lambda` and `old-migration-role` trust their service without
 *   aws:SourceAccount (the other service roles have it); `org-readonly` lets another account
 *   (of the organization) read everything with ReadOnlyAccess;
 * - server certificate `www-sample-2025` expired 40 days ago; SAML provider `legacy-adfs`'s
 *   metadata expired 30 days ago.
 *
 * The organization's only SCP is FullAWSAccess at the root.
 *
 * Everyone else has MFA, recent use and rotated keys; `legacy-etl` also has AmazonS3FullAccess
 * attached directly. Some principals carry Owner/Team tags and some do not, for owner look-ups.
 */

const DAY = 24 * 60 * 60 * 1000;
const NA = 'N/A';
/** How long the whole collection pretends to take, split over its pages. */
const DEFAULT_COLLECT_MS = 240;
const PAGES = 3;

const encode = (statements: readonly Statement[], account: string) =>
  encodeURIComponent(
    JSON.stringify({ Version: '2012-10-17', Statement: statements }).replaceAll(SELF, account),
  );
const tagList = (tags: Readonly<Record<string, string>> = {}) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
/** IAM unique ids: a type prefix and 17 upper-case letters or digits. */
const uniqueId = (prefix: string, name: string) =>
  `${prefix}${name
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .padEnd(17, '7')
    .slice(0, 17)}`;

export function buildSampleIamInventory(now: Date, accountId: string = SAMPLE_ACCOUNT_ID): RawIamInventory {
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY).toISOString().replace('.000Z', 'Z');
  const arn = (kind: string, name: string, path = '/') => `arn:aws:iam::${accountId}:${kind}${path}${name}`;
  const resolve = (p: PolicyRef) =>
    p.PolicyArn.startsWith('own:') ? { PolicyName: p.PolicyName, PolicyArn: arn('policy', p.PolicyName) } : p;
  const inline = (policies: Readonly<Record<string, readonly Statement[]>> = {}) =>
    Object.entries(policies).map(([PolicyName, statements]) => ({
      PolicyName,
      PolicyDocument: encode(statements, accountId),
    }));

  const attachedEverywhere = [...USERS, ...GROUPS, ...ROLES].flatMap((p) => (p.attached ?? []).map(resolve));
  const attachmentCount = (policyArn: string) =>
    attachedEverywhere.filter((p) => p.PolicyArn === policyArn).length;
  const policy = (ref: PolicyRef, statements: readonly Statement[], awsManaged: boolean) => ({
    PolicyName: ref.PolicyName,
    PolicyId: uniqueId('ANPA', ref.PolicyName),
    Arn: ref.PolicyArn,
    Path: awsManaged ? ref.PolicyArn.replace(/^arn:aws:iam::aws:policy(\/.*\/|\/)[^/]+$/, '$1') : '/',
    DefaultVersionId: awsManaged ? 'v3' : 'v2',
    AttachmentCount: attachmentCount(ref.PolicyArn),
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: at(awsManaged ? 2500 : 900),
    UpdateDate: at(awsManaged ? 60 : 120),
    PolicyVersionList: [
      {
        Document: encode(statements, accountId),
        VersionId: awsManaged ? 'v3' : 'v2',
        IsDefaultVersion: true,
        CreateDate: at(awsManaged ? 60 : 120),
      },
    ],
  });
  // GetAccountAuthorizationDetails lists AWS managed policies only when something uses them.
  const usedAwsManaged = (Object.keys(AWS_MANAGED) as (keyof typeof AWS_MANAGED)[]).filter(
    (name) => attachmentCount(AWS_MANAGED[name].PolicyArn) > 0,
  );

  const authorizationDetails = {
    UserDetailList: USERS.map((u) => ({
      Path: '/',
      UserName: u.name,
      UserId: uniqueId('AIDA', u.name),
      Arn: arn('user', u.name),
      CreateDate: at(u.createdDaysAgo),
      UserPolicyList: inline(u.inline),
      GroupList: u.groups ?? [],
      AttachedManagedPolicies: (u.attached ?? []).map(resolve),
      Tags: tagList(u.tags),
    })),
    GroupDetailList: GROUPS.map((g) => ({
      Path: '/',
      GroupName: g.name,
      GroupId: uniqueId('AGPA', g.name),
      Arn: arn('group', g.name),
      CreateDate: at(1000),
      GroupPolicyList: [],
      AttachedManagedPolicies: g.attached.map(resolve),
    })),
    RoleDetailList: ROLES.map((r) => ({
      Path: r.path ?? '/',
      RoleName: r.name,
      RoleId: uniqueId('AROA', r.name),
      Arn: arn('role', r.name, r.path),
      CreateDate: at(r.createdDaysAgo),
      AssumeRolePolicyDocument: encode(r.trust, accountId),
      InstanceProfileList: [],
      RolePolicyList: inline(r.inline),
      AttachedManagedPolicies: (r.attached ?? []).map(resolve),
      Tags: tagList(r.tags),
      RoleLastUsed:
        r.lastUsedDaysAgo === undefined ? {} : { LastUsedDate: at(r.lastUsedDaysAgo), Region: SAMPLE_REGION },
    })),
    Policies: [
      ...Object.entries(CUSTOMER_POLICIES).map(([name, statements]) =>
        policy({ PolicyName: name, PolicyArn: arn('policy', name) }, statements, false),
      ),
      ...usedAwsManaged.map((name) => policy(AWS_MANAGED[name], AWS_MANAGED_DOCUMENTS[name], true)),
    ],
  };

  const keyCells = (key: SampleKey | undefined) =>
    key
      ? [
          'true',
          at(key.rotatedDaysAgo),
          key.lastUsedDaysAgo === undefined ? NA : at(key.lastUsedDaysAgo),
          key.lastUsedDaysAgo === undefined ? NA : SAMPLE_REGION,
          key.lastUsedDaysAgo === undefined ? NA : (key.service ?? NA),
        ]
      : ['false', NA, NA, NA, NA];
  const noCertificates = ['false', NA, 'false', NA];
  const root = [
    '<root_account>',
    `arn:aws:iam::${accountId}:root`,
    at(1500),
    'not_supported',
    at(400),
    'not_supported',
    'not_supported',
    'true',
    ...keyCells({ rotatedDaysAgo: 1400, lastUsedDaysAgo: 380, service: 's3' }),
    ...keyCells(undefined),
    ...noCertificates,
  ];
  const rows = USERS.map((u) => [
    u.name,
    arn('user', u.name),
    at(u.createdDaysAgo),
    u.console ? 'true' : 'false',
    u.console ? at(u.console.lastUsedDaysAgo) : NA,
    u.console ? at(Math.min(u.createdDaysAgo, 60)) : NA,
    NA,
    u.console?.mfa ? 'true' : 'false',
    ...keyCells(u.keys?.[0]),
    ...keyCells(u.keys?.[1]),
    ...noCertificates,
  ]);

  const mfaUsers = USERS.filter((u) => u.console?.mfa).length;
  const virtualMfa = (user: string, userArn: string, daysAgo: number) => ({
    SerialNumber: `arn:aws:iam::${accountId}:mfa/${user}`,
    User: { UserName: user, Arn: userArn, CreateDate: at(daysAgo) },
    EnableDate: at(daysAgo),
  });
  const samlArn = (name: string) => `arn:aws:iam::${accountId}:saml-provider/${name}`;
  return {
    accountId,
    collectedAt: now.toISOString(),
    authorizationDetails,
    credentialReportCsv: `${[CREDENTIAL_REPORT_COLUMNS.join(','), ...[root, ...rows].map((r) => r.join(','))].join('\n')}\n`,
    passwordPolicy: {
      MinimumPasswordLength: 8,
      RequireSymbols: false,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      ExpirePasswords: false,
      HardExpiry: false,
    },
    summary: {
      Users: USERS.length,
      Groups: GROUPS.length,
      Roles: ROLES.length,
      Policies: Object.keys(CUSTOMER_POLICIES).length,
      AccountMFAEnabled: 1,
      AccountAccessKeysPresent: 1,
      MFADevices: mfaUsers,
      MFADevicesInUse: mfaUsers,
      UsersQuota: 5000,
      RolesQuota: 1000,
      GroupsQuota: 300,
      PoliciesQuota: 1500,
    },
    virtualMfaDevices: [
      // The root user's device is named by AWS's convention; its user is the account's root ARN.
      {
        SerialNumber: `arn:aws:iam::${accountId}:mfa/root-account-mfa-device`,
        User: { Arn: `arn:aws:iam::${accountId}:root`, CreateDate: at(1500) },
        EnableDate: at(1400),
      },
      ...USERS.filter((u) => u.console?.virtualMfa).map((u) =>
        virtualMfa(u.name, arn('user', u.name), Math.min(u.createdDaysAgo, 60)),
      ),
    ],
    serverCertificates: SERVER_CERTIFICATES.map((c) => ({
      Path: '/cloudfront/',
      ServerCertificateName: c.name,
      ServerCertificateId: uniqueId('ASCA', c.name),
      Arn: `arn:aws:iam::${accountId}:server-certificate/cloudfront/${c.name}`,
      UploadDate: at(c.uploadedDaysAgo),
      Expiration: at(-c.expiresInDays),
    })),
    samlProviders: SAML_PROVIDERS.map((p) => ({
      Arn: samlArn(p.name),
      CreateDate: at(p.createdDaysAgo),
      ValidUntil: at(-p.validForDays),
    })),
    serviceControlPolicies: SERVICE_CONTROL_POLICIES.map((p) => ({
      Name: p.name,
      Document: JSON.stringify({ Version: '2012-10-17', Statement: p.statements }),
      Target: p.target,
    })),
  };
}

/**
 * The sample account's IAM, read in three "pages" (`pageDelayMs` each, 80 ms by default) so the
 * sandbox shows progress as a real collection would.
 */
export function createSampleIamInventoryPort(options: {
  now: () => Date;
  accountId?: string;
  pageDelayMs?: number;
}): IamInventoryPort {
  const pageDelayMs = options.pageDelayMs ?? DEFAULT_COLLECT_MS / PAGES;
  return {
    async collect(onProgress) {
      const inventory = buildSampleIamInventory(options.now(), options.accountId);
      const total = USERS.length + GROUPS.length + ROLES.length;
      for (let page = 1; page <= PAGES; page++) {
        await new Promise((resolve) => setTimeout(resolve, pageDelayMs));
        onProgress?.({
          stage: 'authorization-details',
          pages: page,
          principals: Math.round((total * page) / PAGES),
        });
      }
      onProgress?.({ stage: 'credential-report', pages: PAGES, principals: total });
      onProgress?.({ stage: 'password-policy', pages: PAGES, principals: total });
      for (const stage of [
        'summary',
        'mfa-devices',
        'server-certificates',
        'saml-providers',
        'service-control-policies',
      ] as const)
        onProgress?.({ stage, pages: PAGES, principals: total });
      return inventory;
    },
  };
}
