/**
 * The sample account's IAM as data: who exists, what is attached where, and how long ago each
 * credential was used. `iam.ts` turns it into the raw AWS shapes for a given "now". The planted
 * problems are listed at the top of `iam.ts`; everything not listed there is meant to be healthy.
 */

export type Statement = Readonly<Record<string, unknown>>;

export interface PolicyRef {
  readonly PolicyName: string;
  readonly PolicyArn: string;
}

export interface SampleKey {
  readonly rotatedDaysAgo: number;
  /** Absent: never used. */
  readonly lastUsedDaysAgo?: number;
  readonly service?: string;
}

export interface SampleUser {
  readonly name: string;
  readonly createdDaysAgo: number;
  readonly groups?: readonly string[];
  readonly attached?: readonly PolicyRef[];
  readonly inline?: Readonly<Record<string, readonly Statement[]>>;
  readonly tags?: Readonly<Record<string, string>>;
  /** `virtualMfa`: the MFA is an authenticator app (listed by ListVirtualMFADevices); otherwise a security key. */
  readonly console?: {
    readonly lastUsedDaysAgo: number;
    readonly mfa: boolean;
    readonly virtualMfa?: boolean;
  };
  readonly keys?: readonly SampleKey[];
}

export interface SampleGroup {
  readonly name: string;
  readonly attached: readonly PolicyRef[];
}

export interface SampleRole {
  readonly name: string;
  readonly createdDaysAgo: number;
  /** Service-linked roles live under `/aws-service-role/SERVICE/`. */
  readonly path?: string;
  readonly trust: readonly Statement[];
  readonly attached?: readonly PolicyRef[];
  readonly inline?: Readonly<Record<string, readonly Statement[]>>;
  /** Absent: never used. */
  readonly lastUsedDaysAgo?: number;
  readonly tags?: Readonly<Record<string, string>>;
}

export const PARTNER_ACCOUNT = '999988887777';
export const VENDOR_ACCOUNT = '444433332222';
export const SCANNER_ACCOUNT = '555566667777';

const allow = (
  Action: string | readonly string[],
  Resource: string | readonly string[] = '*',
  extra = {},
) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
const awsPolicy = (path: string, name: string): PolicyRef => ({
  PolicyName: name,
  PolicyArn: `arn:aws:iam::aws:policy/${path}${name}`,
});
const own = (name: string): PolicyRef => ({ PolicyName: name, PolicyArn: `own:${name}` });

/** AWS managed policies, with their real ARNs (documents abridged to what the checks read). */
export const AWS_MANAGED = {
  AdministratorAccess: awsPolicy('', 'AdministratorAccess'),
  ReadOnlyAccess: awsPolicy('', 'ReadOnlyAccess'),
  SecurityAudit: awsPolicy('', 'SecurityAudit'),
  AmazonS3FullAccess: awsPolicy('', 'AmazonS3FullAccess'),
  AWSLambdaBasicExecutionRole: awsPolicy('service-role/', 'AWSLambdaBasicExecutionRole'),
  AmazonECSTaskExecutionRolePolicy: awsPolicy('service-role/', 'AmazonECSTaskExecutionRolePolicy'),
  AWSSupportServiceRolePolicy: awsPolicy('aws-service-role/', 'AWSSupportServiceRolePolicy'),
  AmazonGuardDutyServiceRolePolicy: awsPolicy('aws-service-role/', 'AmazonGuardDutyServiceRolePolicy'),
  AWSElasticLoadBalancingServiceRolePolicy: awsPolicy(
    'aws-service-role/',
    'AWSElasticLoadBalancingServiceRolePolicy',
  ),
  AWSTrustedAdvisorServiceRolePolicy: awsPolicy('aws-service-role/', 'AWSTrustedAdvisorServiceRolePolicy'),
  AutoScalingServiceRolePolicy: awsPolicy('aws-service-role/', 'AutoScalingServiceRolePolicy'),
  AmazonECSServiceRolePolicy: awsPolicy('aws-service-role/', 'AmazonECSServiceRolePolicy'),
} as const;

export const AWS_MANAGED_DOCUMENTS: Readonly<Record<keyof typeof AWS_MANAGED, readonly Statement[]>> = {
  AdministratorAccess: [allow('*')],
  ReadOnlyAccess: [
    allow([
      's3:Get*',
      's3:List*',
      'ec2:Describe*',
      'iam:Get*',
      'iam:List*',
      'logs:Get*',
      'cloudtrail:Describe*',
    ]),
  ],
  SecurityAudit: [
    allow([
      'iam:GenerateCredentialReport',
      'iam:Get*',
      'iam:List*',
      'cloudtrail:DescribeTrails',
      'guardduty:Get*',
    ]),
  ],
  AmazonS3FullAccess: [allow(['s3:*', 's3-object-lambda:*'])],
  AWSLambdaBasicExecutionRole: [allow(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'])],
  AmazonECSTaskExecutionRolePolicy: [
    allow([
      'ecr:GetAuthorizationToken',
      'ecr:BatchCheckLayerAvailability',
      'ecr:GetDownloadUrlForLayer',
      'ecr:BatchGetImage',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ]),
  ],
  AWSSupportServiceRolePolicy: [
    allow(['iam:GetRole', 'iam:ListRoles', 'ec2:DescribeInstances', 'support:*']),
  ],
  AmazonGuardDutyServiceRolePolicy: [
    allow(['ec2:DescribeInstances', 'ec2:DescribeImages', 'organizations:ListAccounts']),
  ],
  AWSElasticLoadBalancingServiceRolePolicy: [
    allow(['ec2:DescribeAddresses', 'ec2:DescribeNetworkInterfaces', 'ec2:CreateNetworkInterface']),
  ],
  AWSTrustedAdvisorServiceRolePolicy: [
    allow(['ec2:DescribeInstances', 'iam:GetAccountSummary', 's3:ListAllMyBuckets']),
  ],
  AutoScalingServiceRolePolicy: [
    allow(['ec2:DescribeInstances', 'ec2:TerminateInstances', 'elasticloadbalancing:RegisterTargets']),
  ],
  AmazonECSServiceRolePolicy: [
    allow([
      'ec2:DescribeNetworkInterfaces',
      'elasticloadbalancing:RegisterTargets',
      'servicediscovery:RegisterInstance',
    ]),
  ],
};

const bucket = (name: string) => [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`];

/**
 * Customer managed policies. Their ARNs are written `own:NAME` here and get the account id when
 * the inventory is built.
 */
export const CUSTOMER_POLICIES: Readonly<Record<string, readonly Statement[]>> = {
  DeveloperTools: [
    { Sid: 'Logs', ...allow(['logs:FilterLogEvents', 'logs:GetLogEvents', 'logs:DescribeLogGroups']) },
    // Planted: lets every developer rewrite a managed policy, so the group can escalate.
    { Sid: 'PolicyIteration', ...allow('iam:CreatePolicyVersion', 'arn:aws:iam::*:policy/Dev*') },
  ],
  AnalystsQuery: [
    allow(['athena:StartQueryExecution', 'athena:GetQueryResults', 'athena:GetQueryExecution']),
    allow(['s3:GetObject', 's3:ListBucket'], bucket('sample-analytics')),
  ],
  ReportingReadOnly: [allow(['s3:GetObject', 's3:ListBucket'], bucket('sample-reports'))],
  OncallRunbooks: [
    allow(['ec2:RebootInstances', 'ecs:UpdateService', 'cloudwatch:DescribeAlarms', 'ssm:GetParameter']),
    {
      Sid: 'NoDeletes',
      Effect: 'Deny',
      Action: ['ec2:TerminateInstances', 'rds:DeleteDBInstance'],
      Resource: '*',
    },
  ],
  CiArtifactsWrite: [allow(['s3:PutObject', 's3:GetObject'], bucket('sample-ci-artifacts'))],
  MetricsPublisher: [
    allow('cloudwatch:PutMetricData', '*', {
      Condition: { StringEquals: { 'cloudwatch:namespace': 'Sample/App' } },
    }),
  ],
  // Planted: s3:* on every resource.
  DataLakeWide: [{ Sid: 'EverythingS3', ...allow('s3:*') }],
  // Planted: Allow with NotAction grants everything else, including IAM.
  AllButBilling: [
    { Sid: 'NotBilling', Effect: 'Allow', NotAction: ['aws-portal:*', 'budgets:*'], Resource: '*' },
  ],
  // Planted: may assume any role anywhere.
  AssumeAnything: [{ Sid: 'HopAnywhere', ...allow('sts:AssumeRole') }],
  BackupOperator: [allow(['backup:StartBackupJob', 'backup:ListBackupJobs', 'ec2:CreateSnapshot'])],
  WebAppRuntime: [
    allow(['dynamodb:GetItem', 'dynamodb:PutItem'], 'arn:aws:dynamodb:eu-west-1:*:table/sessions'),
  ],
  OrdersApiRuntime: [
    allow(
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
      'arn:aws:dynamodb:eu-west-1:*:table/orders',
    ),
    allow('sqs:SendMessage', 'arn:aws:sqs:eu-west-1:*:orders-events'),
  ],
  PaymentsQueueWorker: [
    allow(['sqs:ReceiveMessage', 'sqs:DeleteMessage'], 'arn:aws:sqs:eu-west-1:*:payments'),
    allow('kms:Decrypt', 'arn:aws:kms:eu-west-1:*:key/*', {
      Condition: { StringEquals: { 'kms:ViaService': 'sqs.eu-west-1.amazonaws.com' } },
    }),
  ],
  LogShipper: [allow(['logs:GetLogEvents', 'firehose:PutRecordBatch'])],
  ImageResizer: [allow(['s3:GetObject', 's3:PutObject'], bucket('sample-user-images'))],
};

export const GROUPS: readonly SampleGroup[] = [
  { name: 'developers', attached: [AWS_MANAGED.ReadOnlyAccess, own('DeveloperTools')] },
  { name: 'security-auditors', attached: [AWS_MANAGED.SecurityAudit] },
  { name: 'read-only', attached: [AWS_MANAGED.ReadOnlyAccess] },
  { name: 'data-analysts', attached: [own('AnalystsQuery'), own('ReportingReadOnly')] },
  { name: 'platform-oncall', attached: [AWS_MANAGED.ReadOnlyAccess, own('OncallRunbooks')] },
  { name: 'automation', attached: [own('CiArtifactsWrite'), own('MetricsPublisher')] },
];

const person = (
  name: string,
  groups: string[],
  createdDaysAgo: number,
  lastUsedDaysAgo: number,
  tags?: Record<string, string>,
): SampleUser => ({
  name,
  groups,
  createdDaysAgo,
  console: { lastUsedDaysAgo, mfa: true },
  ...(tags ? { tags } : {}),
});

export const USERS: readonly SampleUser[] = [
  // Planted: AdministratorAccess attached directly, console password, no MFA.
  {
    name: 'tom.becker',
    attached: [AWS_MANAGED.AdministratorAccess],
    tags: { Team: 'platform' },
    createdDaysAgo: 700,
    console: { lastUsedDaysAgo: 1, mfa: false },
  },
  // Planted (group developers): iam:CreatePolicyVersion.
  person('alice.ng', ['developers'], 500, 0, { Owner: 'alice.ng', Team: 'payments' }),
  person('bruno.silva', ['developers'], 420, 3, { Team: 'payments' }),
  person('grace.liu', ['developers'], 90, 1),
  person('chen.wei', ['security-auditors'], 300, 2, { Team: 'security' }),
  person('kate.olsen', ['security-auditors'], 640, 4, { Team: 'security' }),
  person('dmitri.ivanov', ['security-auditors'], 150, 11),
  person('erin.okafor', ['read-only'], 260, 8),
  person('jamal.reed', ['read-only'], 180, 12, { Team: 'finance' }),
  // Planted: an authenticator app rather than a security key.
  {
    ...person('nina.kowalski', ['read-only'], 75, 6),
    console: { lastUsedDaysAgo: 6, mfa: true, virtualMfa: true },
  },
  person('quinn.avery', ['read-only'], 410, 15, { Team: 'support' }),
  person('farah.haddad', ['data-analysts'], 200, 5, { Team: 'data-platform' }),
  person('ines.moreau', ['data-analysts'], 330, 2, { Team: 'data-platform' }),
  person('maya.patel', ['data-analysts'], 120, 9),
  person('rosa.diaz', ['data-analysts'], 560, 1, { Owner: 'rosa.diaz', Team: 'data-platform' }),
  person('hiro.tanaka', ['platform-oncall'], 800, 0, { Team: 'platform' }),
  person('liam.byrne', ['platform-oncall'], 365, 3, { Team: 'platform' }),
  person('priya.shah', ['platform-oncall', 'read-only'], 240, 7),
  // Planted: a key never used since it was created 200 days ago.
  { name: 'sam.contractor', groups: ['read-only'], createdDaysAgo: 200, keys: [{ rotatedDaysAgo: 200 }] },
  // Planted: a key unused for 120 days.
  {
    name: 'legacy-etl',
    attached: [AWS_MANAGED.AmazonS3FullAccess],
    tags: { Team: 'data-platform' },
    createdDaysAgo: 800,
    keys: [{ rotatedDaysAgo: 80, lastUsedDaysAgo: 120, service: 's3' }],
  },
  // Planted: an active key 260 days old, still in daily use.
  {
    name: 'reporting-bot',
    groups: ['data-analysts'],
    createdDaysAgo: 900,
    keys: [{ rotatedDaysAgo: 260, lastUsedDaysAgo: 1, service: 'athena' }],
  },
  // Planted: two active keys.
  {
    name: 'deploy-bot',
    groups: ['automation'],
    tags: { Owner: 'platform' },
    createdDaysAgo: 450,
    keys: [
      { rotatedDaysAgo: 40, lastUsedDaysAgo: 0, service: 's3' },
      { rotatedDaysAgo: 12, lastUsedDaysAgo: 2, service: 's3' },
    ],
  },
  // Planted: iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction in an inline policy.
  {
    name: 'ci-runner',
    groups: ['automation'],
    inline: {
      'deploy-functions': [
        allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction', 'lambda:GetFunction']),
      ],
    },
    tags: { Owner: 'platform' },
    createdDaysAgo: 365,
    keys: [{ rotatedDaysAgo: 20, lastUsedDaysAgo: 0, service: 'lambda' }],
  },
  {
    name: 'backup-agent',
    groups: ['automation'],
    tags: { Team: 'platform' },
    createdDaysAgo: 150,
    keys: [{ rotatedDaysAgo: 60, lastUsedDaysAgo: 0, service: 'backup' }],
  },
  {
    name: 'metrics-exporter',
    groups: ['automation'],
    createdDaysAgo: 95,
    keys: [{ rotatedDaysAgo: 30, lastUsedDaysAgo: 0, service: 'cloudwatch' }],
  },
];

const service = (...services: string[]): Statement[] => [
  {
    Effect: 'Allow',
    Principal: { Service: services.length === 1 ? services[0] : services },
    Action: 'sts:AssumeRole',
  },
];
/** Service trust limited to the account's own resources (confused-deputy prevention). */
const ownService = (svc: string): Statement[] => [
  {
    Effect: 'Allow',
    Principal: { Service: svc },
    Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'aws:SourceAccount': SELF } },
  },
];
const account = (id: string, Condition?: object): Statement[] => [
  {
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${id}:root` },
    Action: 'sts:AssumeRole',
    ...(Condition ? { Condition } : {}),
  },
];
const linked = (name: string, svc: string, policy: PolicyRef, lastUsedDaysAgo?: number): SampleRole => ({
  name,
  path: `/aws-service-role/${svc}/`,
  trust: service(svc),
  attached: [policy],
  createdDaysAgo: 900,
  ...(lastUsedDaysAgo === undefined ? {} : { lastUsedDaysAgo }),
});

/** `SELF` is replaced by the sample account's id when the inventory is built. */
export const SELF = 'SELF';

export const ROLES: readonly SampleRole[] = [
  // Planted (with image-resizer-lambda and old-migration-role): service trust without aws:SourceAccount.
  {
    name: 'web-app-role',
    trust: service('ec2.amazonaws.com'),
    attached: [own('WebAppRuntime')],
    lastUsedDaysAgo: 0,
    createdDaysAgo: 400,
    tags: { Team: 'web' },
  },
  {
    name: 'orders-api-role',
    trust: ownService('ecs-tasks.amazonaws.com'),
    attached: [own('OrdersApiRuntime')],
    lastUsedDaysAgo: 0,
    createdDaysAgo: 380,
    tags: { Owner: 'orders', Team: 'commerce' },
  },
  {
    name: 'payments-worker-role',
    trust: ownService('ecs-tasks.amazonaws.com'),
    attached: [own('PaymentsQueueWorker')],
    lastUsedDaysAgo: 0,
    createdDaysAgo: 290,
    tags: { Team: 'payments' },
  },
  {
    name: 'image-resizer-lambda',
    trust: service('lambda.amazonaws.com'),
    attached: [own('ImageResizer'), AWS_MANAGED.AWSLambdaBasicExecutionRole],
    lastUsedDaysAgo: 0,
    createdDaysAgo: 210,
  },
  {
    name: 'log-shipper-role',
    trust: ownService('lambda.amazonaws.com'),
    attached: [own('LogShipper'), AWS_MANAGED.AWSLambdaBasicExecutionRole],
    lastUsedDaysAgo: 1,
    createdDaysAgo: 510,
    tags: { Team: 'platform' },
  },
  {
    name: 'ecs-task-execution-role',
    trust: ownService('ecs-tasks.amazonaws.com'),
    attached: [AWS_MANAGED.AmazonECSTaskExecutionRolePolicy],
    lastUsedDaysAgo: 0,
    createdDaysAgo: 600,
  },
  {
    name: 'backup-role',
    trust: ownService('backup.amazonaws.com'),
    attached: [own('BackupOperator')],
    lastUsedDaysAgo: 1,
    createdDaysAgo: 470,
    tags: { Team: 'platform' },
  },
  {
    name: 'github-actions-deploy',
    trust: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${SELF}:oidc-provider/token.actions.githubusercontent.com` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
          StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:sample-org/*:ref:refs/heads/main' },
        },
      },
    ],
    attached: [own('CiArtifactsWrite')],
    lastUsedDaysAgo: 0,
    createdDaysAgo: 150,
    tags: { Owner: 'platform' },
  },
  {
    name: 'org-readonly',
    trust: account(PARTNER_ACCOUNT, { StringEquals: { 'aws:PrincipalOrgID': 'o-sample1234' } }),
    attached: [AWS_MANAGED.ReadOnlyAccess],
    lastUsedDaysAgo: 2,
    createdDaysAgo: 500,
    tags: { Team: 'security' },
  },
  {
    name: 'security-scanner',
    trust: account(SCANNER_ACCOUNT, { StringEquals: { 'sts:ExternalId': 'sample-scanner-7f3a' } }),
    attached: [AWS_MANAGED.SecurityAudit],
    lastUsedDaysAgo: 0,
    createdDaysAgo: 330,
    tags: { Owner: 'security', Team: 'security' },
  },
  {
    name: 'oncall-role',
    trust: account(SELF, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
    attached: [AWS_MANAGED.ReadOnlyAccess, own('OncallRunbooks')],
    lastUsedDaysAgo: 3,
    createdDaysAgo: 700,
    tags: { Team: 'platform' },
  },
  {
    name: 'reporting-athena-role',
    trust: ownService('lambda.amazonaws.com'),
    attached: [own('ReportingReadOnly'), AWS_MANAGED.AWSLambdaBasicExecutionRole],
    lastUsedDaysAgo: 1,
    createdDaysAgo: 260,
  },
  {
    name: 'glue-crawler-role',
    trust: ownService('glue.amazonaws.com'),
    attached: [own('AnalystsQuery')],
    lastUsedDaysAgo: 1,
    createdDaysAgo: 240,
    tags: { Team: 'data-platform' },
  },
  {
    name: 'orders-state-machine',
    trust: ownService('states.amazonaws.com'),
    inline: {
      'invoke-steps': [allow('lambda:InvokeFunction', 'arn:aws:lambda:eu-west-1:*:function:orders-*')],
    },
    lastUsedDaysAgo: 0,
    createdDaysAgo: 190,
    tags: { Team: 'commerce' },
  },
  {
    name: 'api-gateway-logs-role',
    trust: ownService('apigateway.amazonaws.com'),
    inline: { 'push-logs': [allow(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'])] },
    lastUsedDaysAgo: 0,
    createdDaysAgo: 720,
  },
  {
    name: 'metrics-exporter-role',
    trust: ownService('ec2.amazonaws.com'),
    attached: [own('MetricsPublisher')],
    lastUsedDaysAgo: 0,
    createdDaysAgo: 100,
  },
  {
    name: 'eks-node-role',
    trust: ownService('ec2.amazonaws.com'),
    attached: [AWS_MANAGED.AmazonECSTaskExecutionRolePolicy],
    inline: { 'describe-cluster': [allow(['eks:DescribeCluster', 'ec2:DescribeInstances'])] },
    lastUsedDaysAgo: 0,
    createdDaysAgo: 420,
    tags: { Team: 'platform' },
  },
  {
    name: 'config-recorder-role',
    trust: ownService('config.amazonaws.com'),
    inline: { 'deliver-snapshots': [allow('s3:PutObject', 'arn:aws:s3:::sample-config-history/*')] },
    lastUsedDaysAgo: 0,
    createdDaysAgo: 880,
    tags: { Team: 'security' },
  },
  {
    name: 'rds-monitoring-role',
    trust: ownService('monitoring.rds.amazonaws.com'),
    inline: { 'enhanced-monitoring': [allow(['logs:CreateLogStream', 'logs:PutLogEvents'])] },
    lastUsedDaysAgo: 0,
    createdDaysAgo: 610,
  },
  {
    name: 'batch-report-role',
    trust: ownService('ecs-tasks.amazonaws.com'),
    inline: { 'read-reports': [allow('s3:GetObject', 'arn:aws:s3:::sample-reports/*')] },
    lastUsedDaysAgo: 6,
    createdDaysAgo: 140,
  },
  // Planted: s3:* on "*".
  {
    name: 'data-pipeline-role',
    trust: ownService('glue.amazonaws.com'),
    attached: [own('DataLakeWide')],
    lastUsedDaysAgo: 0,
    createdDaysAgo: 350,
    tags: { Team: 'data-platform' },
  },
  // Planted: trusts "AWS": "*" with no condition.
  {
    name: 'partner-audit',
    trust: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }],
    attached: [AWS_MANAGED.SecurityAudit],
    lastUsedDaysAgo: 10,
    createdDaysAgo: 150,
  },
  // Planted: trusted by another account without sts:ExternalId; its policy is an Allow with NotAction.
  {
    name: 'vendor-sync',
    trust: account(VENDOR_ACCOUNT),
    attached: [own('AllButBilling')],
    lastUsedDaysAgo: 4,
    createdDaysAgo: 220,
  },
  // Planted: last used 200 days ago; may assume any role.
  {
    name: 'old-migration-role',
    trust: service('ec2.amazonaws.com'),
    attached: [own('AssumeAnything')],
    lastUsedDaysAgo: 200,
    createdDaysAgo: 600,
  },
  linked('AWSServiceRoleForSupport', 'support.amazonaws.com', AWS_MANAGED.AWSSupportServiceRolePolicy),
  linked(
    'AWSServiceRoleForAmazonGuardDuty',
    'guardduty.amazonaws.com',
    AWS_MANAGED.AmazonGuardDutyServiceRolePolicy,
    0,
  ),
  linked(
    'AWSServiceRoleForElasticLoadBalancing',
    'elasticloadbalancing.amazonaws.com',
    AWS_MANAGED.AWSElasticLoadBalancingServiceRolePolicy,
    0,
  ),
  linked(
    'AWSServiceRoleForTrustedAdvisor',
    'trustedadvisor.amazonaws.com',
    AWS_MANAGED.AWSTrustedAdvisorServiceRolePolicy,
    1,
  ),
  linked(
    'AWSServiceRoleForAutoScaling',
    'autoscaling.amazonaws.com',
    AWS_MANAGED.AutoScalingServiceRolePolicy,
    0,
  ),
  linked('AWSServiceRoleForECS', 'ecs.amazonaws.com', AWS_MANAGED.AmazonECSServiceRolePolicy, 0),
];

/** Server certificates stored in IAM (from before ACM); dated relative to now. */
export const SERVER_CERTIFICATES: readonly {
  readonly name: string;
  readonly uploadedDaysAgo: number;
  /** Negative: already expired. */
  readonly expiresInDays: number;
}[] = [
  // Planted: expired 40 days ago and never deleted.
  { name: 'www-sample-2025', uploadedDaysAgo: 405, expiresInDays: -40 },
  { name: 'api-sample-2026', uploadedDaysAgo: 30, expiresInDays: 335 },
];

/** SAML identity providers and for how many more days their metadata is valid (negative: expired). */
export const SAML_PROVIDERS: readonly {
  readonly name: string;
  readonly createdDaysAgo: number;
  readonly validForDays: number;
}[] = [
  { name: 'sample-okta', createdDaysAgo: 400, validForDays: 700 },
  // Planted: the old ADFS provider's metadata expired a month ago.
  { name: 'legacy-adfs', createdDaysAgo: 1600, validForDays: -30 },
];

/** The organization's SCPs that reach the sample account: only AWS's default, from the root. */
export const SERVICE_CONTROL_POLICIES: readonly {
  readonly name: string;
  readonly target: string;
  readonly statements: readonly Statement[];
}[] = [{ name: 'FullAWSAccess', target: 'root r-sam1', statements: [allow('*')] }];
