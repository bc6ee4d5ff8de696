import type { RawIamInventory } from '../../src/aws/iam/port.js';
import { CREDENTIAL_REPORT_COLUMNS } from '../../src/iam/inventory/credential-report.js';
import { seededRandom } from '../../src/sandbox/slack-api/options.js';

/**
 * A large, made-up IAM account in the raw AWS format (`RawIamInventory`: authorization details as
 * the API returns them, policy documents URL-encoded, the 22-column credential report), for the
 * `audit-scale` bench. Deterministic: the same options give the same bytes, so two bench runs
 * measure the same work. The policy shapes mix what real accounts hold (specific actions, service
 * wildcards, a few admins, Deny guards, NotAction, conditions, group membership, service and
 * cross-account trusts, service-linked roles, several versions per policy) so the analysis takes
 * its real paths rather than one fast path.
 */

export interface SyntheticInventoryOptions {
  readonly users: number;
  readonly roles: number;
  /** Customer managed policies (a handful of AWS managed ones are added on top). */
  readonly managedPolicies: number;
  /** Inline policies, spread over users, groups and roles. */
  readonly inlinePolicies: number;
  /** Default: one group per 40 users, at least one. */
  readonly groups?: number;
  readonly seed: number;
  /** The inventory's "now"; fixed by default so the output never depends on the clock. */
  readonly now?: Date;
  readonly accountId?: string;
}

const DAY = 24 * 60 * 60 * 1000;
const DEFAULT_NOW = new Date('2026-06-01T12:00:00Z');
const REGIONS = ['eu-west-1', 'us-east-1', 'eu-central-1', 'us-west-2'];

/** Real action names by service, so the catalogue recognises them. */
const ACTIONS: Readonly<Record<string, readonly string[]>> = {
  s3: ['GetObject', 'PutObject', 'DeleteObject', 'ListBucket', 'GetBucketPolicy', 'GetBucketLocation'],
  ec2: ['DescribeInstances', 'StartInstances', 'StopInstances', 'RunInstances', 'CreateSnapshot'],
  dynamodb: ['GetItem', 'PutItem', 'Query', 'Scan', 'UpdateItem', 'DeleteItem'],
  lambda: ['InvokeFunction', 'GetFunction', 'UpdateFunctionCode', 'ListFunctions'],
  logs: ['CreateLogStream', 'PutLogEvents', 'FilterLogEvents', 'GetLogEvents'],
  sqs: ['SendMessage', 'ReceiveMessage', 'DeleteMessage', 'GetQueueAttributes'],
  sns: ['Publish', 'Subscribe', 'ListTopics'],
  kms: ['Decrypt', 'Encrypt', 'GenerateDataKey', 'DescribeKey'],
  cloudwatch: ['PutMetricData', 'GetMetricData', 'DescribeAlarms'],
  secretsmanager: ['GetSecretValue', 'DescribeSecret'],
  athena: ['StartQueryExecution', 'GetQueryResults', 'GetQueryExecution'],
  ecr: ['GetAuthorizationToken', 'BatchGetImage', 'GetDownloadUrlForLayer'],
};
const SERVICES = Object.keys(ACTIONS);
const WILDCARDS = [
  's3:*',
  'ec2:Describe*',
  'dynamodb:*',
  'logs:*',
  's3:Get*',
  's3:List*',
  'sqs:*',
  'cloudwatch:*',
];
/** Pairs and singles from the privilege-escalation lists, planted in a few per cent of policies. */
const ESCALATION_SETS: readonly (readonly string[])[] = [
  ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'],
  ['iam:PassRole', 'ec2:RunInstances'],
  ['iam:CreatePolicyVersion'],
  ['iam:AttachUserPolicy'],
  ['iam:PutRolePolicy'],
  ['iam:CreateAccessKey'],
  ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'],
];
const AWS_MANAGED: Readonly<Record<string, object[]>> = {
  AdministratorAccess: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  ReadOnlyAccess: [
    {
      Effect: 'Allow',
      Action: ['s3:Get*', 's3:List*', 'ec2:Describe*', 'iam:Get*', 'iam:List*'],
      Resource: '*',
    },
  ],
  PowerUserAccess: [
    { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
    {
      Effect: 'Allow',
      Action: ['iam:CreateServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization'],
      Resource: '*',
    },
  ],
  AmazonS3FullAccess: [{ Effect: 'Allow', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' }],
  SecurityAudit: [
    { Effect: 'Allow', Action: ['iam:Get*', 'iam:List*', 'cloudtrail:DescribeTrails'], Resource: '*' },
  ],
  AWSLambdaBasicExecutionRole: [
    {
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: '*',
    },
  ],
};
const TEAMS = ['payments', 'platform', 'data', 'web', 'mobile', 'security', 'search', 'billing'];
const FIRST = ['alex', 'sam', 'jo', 'kim', 'lee', 'max', 'noor', 'ravi', 'sofia', 'tom', 'yuki', 'zoe'];
const LAST = ['ng', 'silva', 'okafor', 'haddad', 'wei', 'smith', 'garcia', 'kowalski', 'ivanova', 'tanaka'];
const BOTS = ['deploy-bot', 'ci-runner', 'etl', 'backup-agent', 'reporting-bot', 'metrics-exporter'];
const ROLE_KINDS = ['app', 'pipeline', 'lambda', 'ecs-task', 'batch', 'ops', 'readonly'];
const SERVICE_PRINCIPALS = [
  'ec2.amazonaws.com',
  'lambda.amazonaws.com',
  'ecs-tasks.amazonaws.com',
  'glue.amazonaws.com',
];
const LINKED_SERVICES = [
  'support',
  'guardduty',
  'elasticloadbalancing',
  'autoscaling',
  'rds',
  'ecs',
  'config',
];

export function syntheticRawInventory(options: SyntheticInventoryOptions): RawIamInventory {
  const random = seededRandom(options.seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const chance = (p: number) => random() < p;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  /** Days ago: within `recent` days with probability `p`, otherwise up to `oldest`. */
  const recently = (p: number, recent: number, oldest: number) =>
    chance(p) ? int(0, recent) : int(recent + 1, oldest);
  const pickSome = <T>(list: readonly T[], n: number): T[] => {
    const chosen = new Set<T>();
    while (chosen.size < Math.min(n, list.length)) chosen.add(pick(list));
    return [...chosen];
  };
  const now = options.now ?? DEFAULT_NOW;
  const account = options.accountId ?? '111122223333';
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY).toISOString().replace('.000Z', 'Z');
  const arn = (kind: string, path: string, name: string) => `arn:aws:iam::${account}:${kind}${path}${name}`;
  const id = (prefix: string, n: number) => `${prefix}${n.toString(36).toUpperCase().padStart(17, '0')}`;
  const enc = (statements: object[]) =>
    encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: statements }));

  const bucket = () =>
    `arn:aws:s3:::${pick(TEAMS)}-${pick(['logs', 'data', 'assets', 'exports'])}-${int(1, 40)}`;
  const resourceFor = (service: string) => {
    if (service === 's3') return chance(0.5) ? `${bucket()}/*` : [bucket(), `${bucket()}/*`];
    if (service === 'dynamodb')
      return `arn:aws:dynamodb:${pick(REGIONS)}:${account}:table/${pick(TEAMS)}-${int(1, 99)}`;
    if (service === 'sqs')
      return `arn:aws:sqs:${pick(REGIONS)}:${account}:${pick(TEAMS)}-queue-${int(1, 99)}`;
    return '*';
  };
  const condition = () =>
    pick([
      { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      { StringEquals: { 'aws:RequestedRegion': pickSome(REGIONS, int(1, 2)) } },
      { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.0/24'] } },
      { StringEquals: { 'aws:ResourceTag/Team': pick(TEAMS) } },
    ]);
  // Proportions per statement: admin 0.2 %, NotAction 0.5 %, an escalation set 1.5 %, Deny 6 %,
  // service wildcards 12 %, the rest specific actions, mostly on specific resources.
  const statement = (): object => {
    const roll = random();
    if (roll < 0.002) return { Effect: 'Allow', Action: '*', Resource: '*' };
    if (roll < 0.007)
      return {
        Effect: 'Allow',
        NotAction: pickSome(['iam:*', 'organizations:*', 'account:*'], int(1, 3)),
        Resource: '*',
      };
    if (roll < 0.022) return { Effect: 'Allow', Action: pick(ESCALATION_SETS), Resource: '*' };
    if (roll < 0.082)
      return {
        Sid: 'Guard',
        Effect: 'Deny',
        Action: chance(0.5) ? pick(WILDCARDS) : [`s3:DeleteObject`, `kms:ScheduleKeyDeletion`],
        Resource: '*',
        ...(chance(0.5) ? { Condition: { Bool: { 'aws:SecureTransport': 'false' } } } : {}),
      };
    if (roll < 0.2)
      return {
        Effect: 'Allow',
        Action: pickSome(WILDCARDS, int(1, 3)),
        Resource: chance(0.5) ? '*' : [bucket(), `${bucket()}/*`],
        ...(chance(0.3) ? { Condition: condition() } : {}),
      };
    const service = pick(SERVICES);
    const actions = pickSome(ACTIONS[service] ?? [], int(1, 5)).map((a) => `${service}:${a}`);
    return {
      Effect: 'Allow',
      Action: actions.length === 1 ? actions[0] : actions,
      Resource: resourceFor(service),
      ...(chance(0.15) ? { Condition: condition() } : {}),
    };
  };
  const documentStatements = () => Array.from({ length: int(1, 5) }, statement);

  // Managed policies: customer ones (some with older, non-default versions, as the API lists
  // every version) and the few AWS managed ones real accounts attach most.
  const customer = Array.from({ length: options.managedPolicies }, (_, i) => {
    const name = `${pick(TEAMS)}-${pick(SERVICES)}-policy-${i}`;
    return { name, arn: arn('policy', '/', name), versions: int(1, 10) <= 7 ? 1 : int(2, 4) };
  });
  const awsManaged = Object.keys(AWS_MANAGED).map((name) => ({
    name,
    arn: `arn:aws:iam::aws:policy/${name}`,
  }));
  const attachments = new Map<string, number>();
  const ref = (p: { name: string; arn: string }) => {
    attachments.set(p.arn, (attachments.get(p.arn) ?? 0) + 1);
    return { PolicyName: p.name, PolicyArn: p.arn };
  };
  // AWS managed policies are attached now and then, AdministratorAccess and PowerUserAccess rarely.
  const awsWeighted = awsManaged.flatMap((p) =>
    Array.from({ length: /Administrator|PowerUser/.test(p.name) ? 1 : 6 }, () => p),
  );
  const attachSome = (max: number, awsChance = 0.05) => [
    ...(chance(awsChance) && awsWeighted.length > 0 ? [ref(pick(awsWeighted))] : []),
    ...(customer.length === 0 ? [] : pickSome(customer, int(0, max)).map(ref)),
  ];

  const groupCount = options.groups ?? Math.max(1, Math.round(options.users / 40));
  const groups = Array.from({ length: groupCount }, (_, i) => ({
    name: `${pick(TEAMS)}-${pick(['developers', 'admins', 'readers', 'oncall', 'analysts'])}-${i}`,
    inline: [] as object[],
    attached: attachSome(3),
  }));
  const users = Array.from({ length: options.users }, (_, i) => {
    const human = chance(0.7);
    const name = human ? `${pick(FIRST)}.${pick(LAST)}${i}` : `${pick(BOTS)}-${i}`;
    return {
      name,
      human,
      groups: groups.length === 0 ? [] : pickSome(groups, int(0, 3)).map((g) => g.name),
      attached: chance(human ? 0.15 : 0.6) ? attachSome(human ? 1 : 2) : [],
      inline: [] as object[],
      tags: chance(0.6)
        ? [
            { Key: 'Team', Value: pick(TEAMS) },
            ...(chance(0.5) ? [{ Key: 'Owner', Value: `${pick(FIRST)}.${pick(LAST)}` }] : []),
          ]
        : [],
      createdDaysAgo: int(10, 1500),
    };
  });
  const roles = Array.from({ length: options.roles }, (_, i) => {
    const linked = chance(0.05);
    const service = pick(LINKED_SERVICES);
    return {
      name: linked
        ? `AWSServiceRoleFor${service[0]?.toUpperCase()}${service.slice(1)}${i}`
        : `${pick(TEAMS)}-${pick(ROLE_KINDS)}-role-${i}`,
      path: linked ? `/aws-service-role/${service}.amazonaws.com/` : '/',
      linked,
      trust: linked
        ? [{ Effect: 'Allow', Principal: { Service: `${service}.amazonaws.com` }, Action: 'sts:AssumeRole' }]
        : trustStatements(),
      attached: linked ? [] : attachSome(3),
      inline: [] as object[],
      tags: chance(0.5) ? [{ Key: 'Team', Value: pick(TEAMS) }] : [],
      createdDaysAgo: int(5, 1500),
    };
  });
  function trustStatements(): object[] {
    const roll = random();
    if (roll < 0.6)
      return [
        { Effect: 'Allow', Principal: { Service: pick(SERVICE_PRINCIPALS) }, Action: 'sts:AssumeRole' },
      ];
    if (roll < 0.8)
      return [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${account}:root` },
          Action: 'sts:AssumeRole',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        },
      ];
    const partner = `${int(100000000000, 999999999999)}`;
    if (roll < 0.95)
      return [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${partner}:root` },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': `ext-${int(1000, 9999)}` } },
        },
      ];
    if (roll < 0.99)
      return [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${partner}:role/deployer` },
          Action: 'sts:AssumeRole',
        },
      ];
    return [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }];
  }

  // Inline policies: half on users, a third on roles, the rest on groups.
  const holders: { inline: object[] }[][] = [users, roles.filter((r) => !r.linked), groups];
  for (let i = 0; i < options.inlinePolicies; i++) {
    const roll = random();
    const list = (roll < 0.5 ? holders[0] : roll < 0.83 ? holders[1] : holders[2]) ?? [];
    const holder = list.length > 0 ? pick(list) : pick(holders.find((h) => h.length > 0) ?? []);
    if (!holder) break;
    holder.inline.push({
      PolicyName: `inline-${pick(SERVICES)}-${i}`,
      PolicyDocument: enc(documentStatements()),
    });
  }

  const policyEntry = (
    p: { name: string; arn: string },
    index: number,
    versions: number,
    statements: () => object[],
  ) => ({
    PolicyName: p.name,
    PolicyId: id('ANPA', index + 1),
    Arn: p.arn,
    Path: '/',
    DefaultVersionId: `v${versions}`,
    AttachmentCount: attachments.get(p.arn) ?? 0,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: at(1600),
    UpdateDate: at(30),
    PolicyVersionList: Array.from({ length: versions }, (_, v) => ({
      Document: enc(statements()),
      VersionId: `v${versions - v}`,
      IsDefaultVersion: v === 0,
      CreateDate: at(30 + v * 90),
    })),
  });
  const authorizationDetails = {
    UserDetailList: users.map((u, i) => ({
      Path: '/',
      UserName: u.name,
      UserId: id('AIDA', i + 1),
      Arn: arn('user', '/', u.name),
      CreateDate: at(u.createdDaysAgo),
      UserPolicyList: u.inline,
      GroupList: u.groups,
      AttachedManagedPolicies: u.attached,
      Tags: u.tags,
    })),
    GroupDetailList: groups.map((g, i) => ({
      Path: '/',
      GroupName: g.name,
      GroupId: id('AGPA', i + 1),
      Arn: arn('group', '/', g.name),
      CreateDate: at(1600),
      GroupPolicyList: g.inline,
      AttachedManagedPolicies: g.attached,
    })),
    RoleDetailList: roles.map((r, i) => {
      const lastUsed = r.linked || chance(0.9) ? recently(0.75, 30, 400) : undefined;
      return {
        Path: r.path,
        RoleName: r.name,
        RoleId: id('AROA', i + 1),
        Arn: arn('role', r.path, r.name),
        CreateDate: at(r.createdDaysAgo),
        AssumeRolePolicyDocument: enc(r.trust),
        InstanceProfileList: [],
        RolePolicyList: r.inline,
        AttachedManagedPolicies: r.attached,
        Tags: r.tags,
        RoleLastUsed: lastUsed === undefined ? {} : { LastUsedDate: at(lastUsed), Region: pick(REGIONS) },
      };
    }),
    Policies: [
      ...customer.map((p, i) => policyEntry(p, i, p.versions, documentStatements)),
      ...awsManaged.map((p, i) => policyEntry(p, customer.length + i, 1, () => AWS_MANAGED[p.name] ?? [])),
    ],
  };

  return {
    accountId: account,
    collectedAt: now.toISOString(),
    authorizationDetails,
    credentialReportCsv: credentialReport(users),
    passwordPolicy: {
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      ExpirePasswords: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 24,
    },
    summary: {
      Users: users.length,
      Groups: groups.length,
      Roles: roles.length,
      Policies: customer.length,
      AccountMFAEnabled: 1,
      AccountAccessKeysPresent: 0,
    },
  };

  function credentialReport(list: typeof users): string {
    const na = 'N/A';
    const key = (active: boolean) => {
      if (!active) return ['false', na, na, na, na];
      const rotated = recently(0.8, 90, 700);
      const used = chance(0.9) ? Math.min(rotated, recently(0.9, 7, 200)) : undefined;
      return [
        'true',
        at(rotated),
        used === undefined ? na : at(used),
        used === undefined ? na : pick(REGIONS),
        used === undefined ? na : pick(SERVICES),
      ];
    };
    const root = [
      '<root_account>',
      `arn:aws:iam::${account}:root`,
      at(2000),
      'not_supported',
      at(int(30, 400)),
      'not_supported',
      'not_supported',
      'true',
      ...key(false),
      ...key(false),
      'false',
      na,
      'false',
      na,
    ];
    const rows = list.map((u) => {
      const console = u.human && chance(0.9);
      const keys = u.human ? (int(0, 10) === 0 ? 1 : 0) : chance(0.1) ? 2 : 1;
      return [
        u.name,
        arn('user', '/', u.name),
        at(u.createdDaysAgo),
        console ? 'true' : 'false',
        console
          ? chance(0.95)
            ? at(Math.min(u.createdDaysAgo, recently(0.9, 30, 200)))
            : 'no_information'
          : na,
        console ? at(int(0, u.createdDaysAgo)) : na,
        na,
        console && chance(0.93) ? 'true' : 'false',
        ...key(keys >= 1),
        ...key(keys >= 2),
        'false',
        na,
        'false',
        na,
      ];
    });
    return `${[CREDENTIAL_REPORT_COLUMNS.join(','), ...[root, ...rows].map((r) => r.join(','))].join('\n')}\n`;
  }
}
