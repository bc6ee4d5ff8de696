import { SAMPLE_ACCOUNT_ID, SAMPLE_REGION } from './identity.js';

/**
 * Realistic GuardDuty findings in the SDK's PascalCase shape, one per common resource kind. The
 * values are invented (documentation IP ranges, example ids) and every title says SAMPLE.
 */
export interface FindingTemplate {
  readonly type: string;
  readonly severity: number;
  readonly title: string;
  readonly description: string;
  readonly resource: Record<string, unknown>;
  readonly action?: Record<string, unknown>;
  /**
   * The one finding that demonstrates reopening: it comes back now and then after going quiet,
   * so an incident resolved for it reopens (its description says so). Every other finding repeats
   * only just after it opens, so the stream never reopens an incident a user has just resolved.
   */
  readonly recurs?: boolean;
}

const remoteIp = (ip: string, country: string) => ({
  IpAddressV4: ip,
  Country: { CountryName: country },
  Organization: { Asn: '64500', AsnOrg: 'EXAMPLE-NET', Isp: 'Example ISP', Org: 'Example Org' },
});

const instance = (id: string, tags: Record<string, string>) => ({
  ResourceType: 'Instance',
  InstanceDetails: {
    InstanceId: id,
    InstanceType: 't3.medium',
    AvailabilityZone: `${SAMPLE_REGION}a`,
    ImageId: 'ami-0sample00000000001',
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    NetworkInterfaces: [
      { PrivateIpAddress: '10.0.1.23', PublicIp: '203.0.113.10', VpcId: 'vpc-0sample000000001' },
    ],
  },
});

export const FINDING_TEMPLATES: readonly FindingTemplate[] = [
  {
    type: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
    severity: 8,
    title: 'Credentials for an EC2 instance role were used from outside AWS',
    description: 'SAMPLE DATA. Temporary credentials of role web-app-role were used from 198.51.100.77.',
    resource: {
      ResourceType: 'AccessKey',
      AccessKeyDetails: {
        AccessKeyId: 'ASIASAMPLEKEY0000001',
        PrincipalId: 'AROASAMPLE:i-0sample1',
        UserName: 'web-app-role',
        UserType: 'AssumedRole',
      },
    },
    action: {
      ActionType: 'AWS_API_CALL',
      AwsApiCallAction: {
        Api: 'ListBuckets',
        CallerType: 'Remote IP',
        ServiceName: 's3.amazonaws.com',
        RemoteIpDetails: remoteIp('198.51.100.77', 'Exampleland'),
        UserAgent: 'aws-cli/2.22.0',
      },
    },
  },
  {
    type: 'CryptoCurrency:EC2/BitcoinTool.B!DNS',
    severity: 8,
    title: 'EC2 instance i-0sample000000002 is querying a domain name associated with Bitcoin mining',
    description:
      'SAMPLE DATA. The instance queried pool.example-mining.test. In the sandbox this finding comes back every few minutes, to show how a resolved incident reopens.',
    recurs: true,
    resource: instance('i-0sample000000002', { Team: 'payments', Name: 'batch-worker' }),
    action: {
      ActionType: 'DNS_REQUEST',
      DnsRequestAction: { Domain: 'pool.example-mining.test', Protocol: 'UDP', Blocked: false },
    },
  },
  {
    type: 'UnauthorizedAccess:EC2/SSHBruteForce',
    severity: 2,
    title: '203.0.113.45 is performing SSH brute force attacks against i-0sample000000003',
    description: 'SAMPLE DATA. Repeated SSH login failures from one address.',
    resource: instance('i-0sample000000003', {}),
    action: {
      ActionType: 'NETWORK_CONNECTION',
      NetworkConnectionAction: {
        ConnectionDirection: 'INBOUND',
        Protocol: 'TCP',
        RemoteIpDetails: remoteIp('203.0.113.45', 'Exampleland'),
        LocalPortDetails: { Port: 22, PortName: 'SSH' },
      },
    },
  },
  {
    type: 'Policy:S3/BucketBlockPublicAccessDisabled',
    severity: 2,
    title: 'Amazon S3 Block Public Access was disabled for bucket sample-customer-exports',
    description: 'SAMPLE DATA. Block Public Access settings were turned off on a bucket.',
    resource: {
      ResourceType: 'S3Bucket',
      S3BucketDetails: [
        {
          Arn: 'arn:aws:s3:::sample-customer-exports',
          Name: 'sample-customer-exports',
          Type: 'Destination',
          Tags: [{ Key: 'Owner', Value: 'data-platform' }],
        },
      ],
      AccessKeyDetails: {
        AccessKeyId: 'AKIASAMPLEKEY0000003',
        PrincipalId: 'AIDASAMPLE3',
        UserName: 'ops-admin',
        UserType: 'IAMUser',
      },
    },
    action: {
      ActionType: 'AWS_API_CALL',
      AwsApiCallAction: {
        Api: 'PutBucketPublicAccessBlock',
        CallerType: 'Remote IP',
        ServiceName: 's3.amazonaws.com',
        RemoteIpDetails: remoteIp('192.0.2.33', 'Exampleland'),
      },
    },
  },
  {
    type: 'Discovery:Kubernetes/TorIPCaller',
    severity: 5,
    title: 'A Kubernetes API was called from a Tor exit node in cluster sample-eks',
    description: 'SAMPLE DATA. list secrets was called from a Tor exit node.',
    resource: {
      ResourceType: 'EKSCluster',
      EksClusterDetails: {
        Name: 'sample-eks',
        Arn: `arn:aws:eks:${SAMPLE_REGION}:${SAMPLE_ACCOUNT_ID}:cluster/sample-eks`,
        Tags: [{ Key: 'Team', Value: 'platform' }],
      },
    },
    action: {
      ActionType: 'KUBERNETES_API_CALL',
      KubernetesApiCallAction: {
        Verb: 'list',
        RequestUri: '/api/v1/secrets',
        SourceIps: ['198.51.100.200'],
        UserAgent: 'kubectl/v1.29',
      },
    },
  },
  {
    type: 'CredentialAccess:RDS/AnomalousBehavior.SuccessfulLogin',
    severity: 5,
    title: 'A user logged in to RDS database sample-orders-db in an unusual way',
    description: 'SAMPLE DATA. Anomalous successful login to a database.',
    resource: {
      ResourceType: 'RDSDBInstance',
      RdsDbInstanceDetails: {
        DbInstanceIdentifier: 'sample-orders-db',
        Engine: 'postgres',
        DbInstanceArn: `arn:aws:rds:${SAMPLE_REGION}:${SAMPLE_ACCOUNT_ID}:db:sample-orders-db`,
      },
    },
  },
  {
    type: 'Execution:EC2/MaliciousFile',
    severity: 8,
    title: 'A malicious file was detected on EC2 instance i-0sample000000007',
    description: 'SAMPLE DATA. Malware Protection found a known-malicious file.',
    resource: instance('i-0sample000000007', { Owner: 'search-infra' }),
  },
  {
    type: 'Stealth:IAMUser/CloudTrailLoggingDisabled',
    severity: 2,
    title: 'AWS CloudTrail trail sample-trail was disabled',
    description: 'SAMPLE DATA. StopLogging was called on a trail.',
    resource: {
      ResourceType: 'AccessKey',
      AccessKeyDetails: {
        AccessKeyId: 'AKIASAMPLEKEY0000008',
        PrincipalId: 'AIDASAMPLE8',
        UserName: 'legacy-admin',
        UserType: 'IAMUser',
      },
    },
    action: {
      ActionType: 'AWS_API_CALL',
      AwsApiCallAction: {
        Api: 'StopLogging',
        CallerType: 'Remote IP',
        ServiceName: 'cloudtrail.amazonaws.com',
        RemoteIpDetails: remoteIp('192.0.2.80', 'Exampleland'),
      },
    },
  },
];
