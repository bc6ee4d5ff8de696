import type { IamInventoryPort, RawIamInventory } from '../../aws/iam/port.js';
import { CREDENTIAL_REPORT_COLUMNS } from '../../iam/inventory/credential-report.js';
import { SAMPLE_ACCOUNT_ID } from './identity.js';

/**
 * The sandbox account's IAM, in the raw AWS format (policy documents URL-encoded as the API
 * returns them), dated relative to "now" so its planted problems stay problems:
 *
 * - root has an active access key, and signed in 12 days ago;
 * - `dana.admin` has AdministratorAccess attached directly and a console password without MFA;
 * - `legacy-etl` has a key unused for 120 days; `sam.contractor` a key never used in 200 days;
 * - `reporting-bot` has an active key 400 days old, and two active keys;
 * - `ci-runner` can escalate: iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction (inline);
 * - the `developers` group's policy allows iam:CreatePolicyVersion (its members can escalate);
 * - `AllButBilling` is an Allow with NotAction; `DataLakeWide` allows s3:* on "*";
 *   `AssumeAnything` allows sts:AssumeRole on "*";
 * - role `partner-audit` trusts `"AWS": "*"` with no condition; `vendor-sync` trusts another
 *   account without sts:ExternalId; `old-migration-role` was last used 200 days ago;
 * - the password policy asks for 8 characters, no reuse prevention and no expiry.
 *
 * Everyone else has MFA, recent use and rotated keys. Some principals carry Owner/Team tags and
 * some do not, for the ownership look-ups.
 */

const ACCOUNT = SAMPLE_ACCOUNT_ID;
const PARTNER_ACCOUNT = '999988887777';
const DAY = 24 * 60 * 60 * 1000;
const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));
const doc = (...Statement: object[]) => enc({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[] = '*', extra: object = {}) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
const arn = (kind: string, name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
const tags = (t: Record<string, string>) => Object.entries(t).map(([Key, Value]) => ({ Key, Value }));
const aws = (name: string) => ({ PolicyName: name, PolicyArn: `arn:aws:iam::aws:policy/${name}` });
const own = (name: string) => ({ PolicyName: name, PolicyArn: arn('policy', name) });

interface SampleUser {
  name: string;
  groups?: string[];
  attached?: { PolicyName: string; PolicyArn: string }[];
  inline?: { name: string; document: string }[];
  tags?: Record<string, string>;
  createdDaysAgo: number;
  console?: { lastUsedDaysAgo?: number; mfa: boolean };
  keys?: { rotatedDaysAgo: number; lastUsedDaysAgo?: number; service?: string }[];
}

const USERS: SampleUser[] = [
  {
    name: 'dana.admin',
    attached: [aws('AdministratorAccess')],
    tags: { Team: 'platform' },
    createdDaysAgo: 700,
    console: { lastUsedDaysAgo: 1, mfa: false },
  },
  {
    name: 'alice.ng',
    groups: ['developers'],
    tags: { Owner: 'alice.ng', Team: 'payments' },
    createdDaysAgo: 500,
    console: { lastUsedDaysAgo: 0, mfa: true },
  },
  {
    name: 'bruno.silva',
    groups: ['developers'],
    tags: { Team: 'payments' },
    createdDaysAgo: 420,
    console: { lastUsedDaysAgo: 3, mfa: true },
  },
  {
    name: 'chen.wei',
    groups: ['security-auditors'],
    tags: { Team: 'security' },
    createdDaysAgo: 300,
    console: { lastUsedDaysAgo: 2, mfa: true },
  },
  {
    name: 'erin.okafor',
    groups: ['read-only'],
    createdDaysAgo: 260,
    console: { lastUsedDaysAgo: 8, mfa: true },
  },
  {
    name: 'farah.haddad',
    groups: ['data-analysts'],
    tags: { Team: 'data-platform' },
    createdDaysAgo: 200,
    console: { lastUsedDaysAgo: 5, mfa: true },
  },
  { name: 'sam.contractor', groups: ['read-only'], createdDaysAgo: 210, keys: [{ rotatedDaysAgo: 200 }] },
  {
    name: 'legacy-etl',
    attached: [own('DataLakeWide')],
    tags: { Team: 'data-platform' },
    createdDaysAgo: 800,
    keys: [{ rotatedDaysAgo: 80, lastUsedDaysAgo: 120, service: 's3' }],
  },
  {
    name: 'reporting-bot',
    groups: ['read-only'],
    createdDaysAgo: 900,
    keys: [
      { rotatedDaysAgo: 400, lastUsedDaysAgo: 1, service: 'athena' },
      { rotatedDaysAgo: 30, lastUsedDaysAgo: 2, service: 'athena' },
    ],
  },
  {
    name: 'ci-runner',
    inline: [
      {
        name: 'deploy-functions',
        document: doc(
          allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction', 'lambda:GetFunction']),
        ),
      },
    ],
    tags: { Owner: 'platform' },
    createdDaysAgo: 365,
    keys: [{ rotatedDaysAgo: 20, lastUsedDaysAgo: 0, service: 'lambda' }],
  },
  {
    name: 'backup-agent',
    attached: [own('BackupOperator')],
    tags: { Team: 'platform' },
    createdDaysAgo: 150,
    keys: [{ rotatedDaysAgo: 60, lastUsedDaysAgo: 0, service: 'backup' }],
  },
  {
    name: 'grace.liu',
    groups: ['developers'],
    createdDaysAgo: 90,
    console: { lastUsedDaysAgo: 1, mfa: true },
  },
];

const GROUPS = [
  { name: 'developers', attached: [aws('ReadOnlyAccess'), own('DeveloperTools')] },
  { name: 'security-auditors', attached: [aws('SecurityAudit')] },
  { name: 'read-only', attached: [aws('ReadOnlyAccess')] },
  { name: 'data-analysts', attached: [own('AnalystsQuery')] },
];

const CUSTOMER_POLICIES: Record<string, string> = {
  DeveloperTools: doc(
    { Sid: 'Logs', ...allow(['logs:FilterLogEvents', 'logs:GetLogEvents']) },
    { Sid: 'PolicyIteration', ...allow('iam:CreatePolicyVersion', arn('policy', 'dev-*')) },
  ),
  AnalystsQuery: doc(
    allow(
      ['athena:StartQueryExecution', 'athena:GetQueryResults', 's3:GetObject'],
      'arn:aws:s3:::sample-analytics/*',
    ),
  ),
  DataLakeWide: doc({ Sid: 'EverythingS3', ...allow('s3:*') }),
  AllButBilling: doc({
    Sid: 'NotBilling',
    Effect: 'Allow',
    NotAction: ['aws-portal:*', 'budgets:*'],
    Resource: '*',
  }),
  AssumeAnything: doc({ Sid: 'HopAnywhere', ...allow('sts:AssumeRole') }),
  BackupOperator: doc(allow(['backup:StartBackupJob', 'backup:ListBackupJobs', 'ec2:CreateSnapshot'])),
  WebAppRuntime: doc(
    allow(['dynamodb:GetItem', 'dynamodb:PutItem'], `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/sessions`),
  ),
};

const AWS_POLICIES: Record<string, string> = {
  AdministratorAccess: doc(allow('*')),
  ReadOnlyAccess: doc(
    allow([
      's3:Get*',
      's3:List*',
      'ec2:Describe*',
      'iam:Get*',
      'iam:List*',
      'logs:Get*',
      'cloudtrail:Describe*',
    ]),
  ),
  SecurityAudit: doc(
    allow([
      'iam:GenerateCredentialReport',
      'iam:Get*',
      'iam:List*',
      'cloudtrail:DescribeTrails',
      'guardduty:Get*',
    ]),
  ),
};

const service = (s: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: s }, Action: 'sts:AssumeRole' }],
});

interface SampleRole {
  name: string;
  path?: string;
  trust: object;
  attached?: { PolicyName: string; PolicyArn: string }[];
  inline?: { name: string; document: string }[];
  lastUsedDaysAgo?: number;
  createdDaysAgo: number;
  tags?: Record<string, string>;
}

const ROLES: SampleRole[] = [
  {
    name: 'web-app-role',
    trust: service('ec2.amazonaws.com'),
    attached: [own('WebAppRuntime')],
    lastUsedDaysAgo: 0,
    createdDaysAgo: 400,
    tags: { Team: 'web' },
  },
  {
    name: 'ci-deploy-target',
    trust: service('lambda.amazonaws.com'),
    attached: [own('BackupOperator')],
    lastUsedDaysAgo: 1,
    createdDaysAgo: 300,
    tags: { Owner: 'platform' },
  },
  {
    name: 'partner-audit',
    trust: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }],
    },
    attached: [aws('SecurityAudit')],
    lastUsedDaysAgo: 10,
    createdDaysAgo: 150,
  },
  {
    name: 'vendor-sync',
    trust: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${PARTNER_ACCOUNT}:root` },
          Action: 'sts:AssumeRole',
        },
      ],
    },
    attached: [own('AllButBilling')],
    lastUsedDaysAgo: 4,
    createdDaysAgo: 220,
  },
  {
    name: 'org-readonly',
    trust: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${PARTNER_ACCOUNT}:root` },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-sample1234' } },
        },
      ],
    },
    attached: [aws('ReadOnlyAccess')],
    lastUsedDaysAgo: 2,
    createdDaysAgo: 500,
    tags: { Team: 'security' },
  },
  {
    name: 'old-migration-role',
    trust: service('ec2.amazonaws.com'),
    attached: [own('AssumeAnything')],
    lastUsedDaysAgo: 200,
    createdDaysAgo: 600,
  },
  {
    name: 'AWSServiceRoleForSupport',
    path: '/aws-service-role/support.amazonaws.com/',
    trust: service('support.amazonaws.com'),
    createdDaysAgo: 900,
  },
  {
    name: 'AWSServiceRoleForGuardDuty',
    path: '/aws-service-role/guardduty.amazonaws.com/',
    trust: service('guardduty.amazonaws.com'),
    lastUsedDaysAgo: 0,
    createdDaysAgo: 900,
  },
];

function build(now: Date): RawIamInventory {
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY).toISOString().replace('.000Z', 'Z');
  const attachments = new Map<string, number>();
  const count = (list: { PolicyArn: string }[] = []) => {
    for (const p of list) attachments.set(p.PolicyArn, (attachments.get(p.PolicyArn) ?? 0) + 1);
  };
  for (const p of [...USERS, ...GROUPS, ...ROLES]) count(p.attached);
  const policy = (name: string, policyArn: string, document: string) => ({
    PolicyName: name,
    PolicyId: `ANPA${name
      .toUpperCase()
      .replace(/[^A-Z]/g, '')
      .padEnd(17, 'X')
      .slice(0, 17)}`,
    Arn: policyArn,
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: attachments.get(policyArn) ?? 0,
    IsAttachable: true,
    CreateDate: at(1000),
    UpdateDate: at(100),
    PolicyVersionList: [{ Document: document, VersionId: 'v1', IsDefaultVersion: true, CreateDate: at(100) }],
  });
  const authorizationDetails = {
    UserDetailList: USERS.map((u) => ({
      Path: '/',
      UserName: u.name,
      UserId: `AIDA${u.name
        .toUpperCase()
        .replace(/[^A-Z]/g, '')
        .padEnd(17, 'X')
        .slice(0, 17)}`,
      Arn: arn('user', u.name),
      CreateDate: at(u.createdDaysAgo),
      GroupList: u.groups ?? [],
      UserPolicyList: (u.inline ?? []).map((p) => ({ PolicyName: p.name, PolicyDocument: p.document })),
      AttachedManagedPolicies: u.attached ?? [],
      Tags: tags(u.tags ?? {}),
    })),
    GroupDetailList: GROUPS.map((g) => ({
      Path: '/',
      GroupName: g.name,
      GroupId: `AGPA${g.name
        .toUpperCase()
        .replace(/[^A-Z]/g, '')
        .padEnd(17, 'X')
        .slice(0, 17)}`,
      Arn: arn('group', g.name),
      CreateDate: at(1000),
      GroupPolicyList: [],
      AttachedManagedPolicies: g.attached,
    })),
    RoleDetailList: ROLES.map((r) => ({
      Path: r.path ?? '/',
      RoleName: r.name,
      RoleId: `AROA${r.name
        .toUpperCase()
        .replace(/[^A-Z]/g, '')
        .padEnd(17, 'X')
        .slice(0, 17)}`,
      Arn: `arn:aws:iam::${ACCOUNT}:role${r.path ?? '/'}${r.name}`,
      CreateDate: at(r.createdDaysAgo),
      AssumeRolePolicyDocument: enc(r.trust),
      InstanceProfileList: [],
      RolePolicyList: (r.inline ?? []).map((p) => ({ PolicyName: p.name, PolicyDocument: p.document })),
      AttachedManagedPolicies: r.attached ?? [],
      Tags: tags(r.tags ?? {}),
      RoleLastUsed:
        r.lastUsedDaysAgo === undefined ? {} : { LastUsedDate: at(r.lastUsedDaysAgo), Region: 'eu-west-1' },
    })),
    Policies: [
      ...Object.entries(CUSTOMER_POLICIES).map(([name, d]) => policy(name, arn('policy', name), d)),
      ...Object.entries(AWS_POLICIES).map(([name, d]) => policy(name, `arn:aws:iam::aws:policy/${name}`, d)),
    ],
  };
  const na = 'N/A';
  const keyCells = (k: SampleUser['keys'] extends (infer K)[] | undefined ? K | undefined : never) =>
    k
      ? [
          'true',
          at(k.rotatedDaysAgo),
          k.lastUsedDaysAgo === undefined ? na : at(k.lastUsedDaysAgo),
          k.lastUsedDaysAgo === undefined ? na : 'eu-west-1',
          k.service ?? na,
        ]
      : ['false', na, na, na, na];
  const rows = [
    [
      '<root_account>',
      `arn:aws:iam::${ACCOUNT}:root`,
      at(1500),
      'not_supported',
      at(12),
      'not_supported',
      'not_supported',
      'true',
      ...keyCells({ rotatedDaysAgo: 1400, lastUsedDaysAgo: 30, service: 's3' }),
      ...keyCells(undefined),
      'false',
      na,
      'false',
      na,
    ],
    ...USERS.map((u) => [
      u.name,
      arn('user', u.name),
      at(u.createdDaysAgo),
      u.console ? 'true' : 'false',
      u.console
        ? u.console.lastUsedDaysAgo === undefined
          ? 'no_information'
          : at(u.console.lastUsedDaysAgo)
        : na,
      u.console ? at(u.createdDaysAgo) : na,
      na,
      u.console?.mfa ? 'true' : 'false',
      ...keyCells(u.keys?.[0]),
      ...keyCells(u.keys?.[1]),
      'false',
      na,
      'false',
      na,
    ]),
  ];
  return {
    accountId: ACCOUNT,
    collectedAt: now.toISOString(),
    authorizationDetails,
    credentialReportCsv: `${[CREDENTIAL_REPORT_COLUMNS.join(','), ...rows.map((r) => r.join(','))].join('\n')}\n`,
    passwordPolicy: {
      MinimumPasswordLength: 8,
      RequireSymbols: false,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      ExpirePasswords: false,
    },
    summary: {
      Users: USERS.length,
      Groups: GROUPS.length,
      Roles: ROLES.length,
      Policies: Object.keys(CUSTOMER_POLICIES).length,
      AccountMFAEnabled: 1,
      AccountAccessKeysPresent: 1,
      MFADevices: 5,
      MFADevicesInUse: 5,
    },
  };
}

/** The sample account's IAM, read in three "pages" so the sandbox shows progress. */
export function createSampleIamInventoryPort(options: {
  now: () => Date;
  pageDelayMs?: number;
}): IamInventoryPort {
  return {
    async collect(onProgress) {
      const inventory = build(options.now());
      const total = USERS.length + GROUPS.length + ROLES.length;
      for (let page = 1; page <= 3; page++) {
        await new Promise((r) => setTimeout(r, options.pageDelayMs ?? 80));
        onProgress?.({
          stage: 'authorization-details',
          pages: page,
          principals: Math.round((total * page) / 3),
        });
      }
      onProgress?.({ stage: 'credential-report', pages: 3, principals: total });
      return inventory;
    },
  };
}
