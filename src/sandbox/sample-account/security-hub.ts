import { API_KEY_HEADER, EVENTBRIDGE_PATH } from '../../alerts/intake/http/eventbridge.js';
import type {
  SecurityHubFinding,
  SecurityHubFindingsPage,
  SecurityHubFindingsPort,
} from '../../aws/securityhub/port.js';
import { SAMPLE_ACCOUNT_ID, SAMPLE_REGION } from './identity.js';

/**
 * The sample account's Security Hub and Config: a few ASFF findings (Inspector, Config, IAM
 * Access Analyzer) and one Config rule compliance change, as the EventBridge events AWS sends.
 * Every title and description says SAMPLE; ids, IPs and names are invented (example ranges,
 * the sample account). The sandbox posts them to its own EventBridge intake.
 */

const ACCOUNT = SAMPLE_ACCOUNT_ID;
const REGION = SAMPLE_REGION;
const productArn = (product: string) => `arn:aws:securityhub:${REGION}::product/aws/${product}`;

interface SampleFinding {
  readonly product: string;
  readonly productName: string;
  readonly id: string;
  readonly type: string;
  readonly label: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  readonly normalized: number;
  readonly title: string;
  readonly description: string;
  readonly resource: { readonly Type: string; readonly Id: string };
  readonly remediation?: { readonly Text: string; readonly Url: string };
  readonly productFields?: Readonly<Record<string, string>>;
  readonly compliance?: string;
}

const FINDINGS: readonly SampleFinding[] = [
  {
    product: 'inspector',
    productName: 'Inspector',
    id: `arn:aws:inspector2:${REGION}:${ACCOUNT}:finding/sample0000000000000000000000inspc1`,
    type: 'Software and Configuration Checks/Vulnerabilities/CVE',
    label: 'HIGH',
    normalized: 70,
    title: 'CVE-2024-0001 - example-openssl',
    description: 'SAMPLE DATA. A made-up vulnerable package on the sample web instance.',
    resource: {
      Type: 'AwsEc2Instance',
      Id: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0sample00000000001`,
    },
    remediation: {
      Text: 'SAMPLE DATA. Update example-openssl to the fixed version.',
      Url: 'https://docs.aws.amazon.com/inspector/latest/user/findings-understanding.html',
    },
  },
  {
    product: 'config',
    productName: 'Config',
    id: `arn:aws:config:${REGION}:${ACCOUNT}:config-rule/config-rule-sample1/finding/sample0000000000000000000000config1`,
    type: 'Software and Configuration Checks',
    label: 'MEDIUM',
    normalized: 40,
    title: 's3-bucket-logging-enabled',
    description: 'SAMPLE DATA. Checks whether logging is enabled for the sample S3 buckets.',
    resource: { Type: 'AwsS3Bucket', Id: 'arn:aws:s3:::sample-app-assets-000011112222' },
    productFields: { 'aws/config/ConfigRuleName': 's3-bucket-logging-enabled' },
    compliance: 'FAILED',
  },
  {
    product: 'access-analyzer',
    productName: 'IAM Access Analyzer',
    id: `arn:aws:access-analyzer:${REGION}:${ACCOUNT}:analyzer/sample-analyzer/arn:aws:iam::${ACCOUNT}:role/sample-partner-role`,
    type: 'Effects/Data Exposure/External Access Granted',
    label: 'HIGH',
    normalized: 70,
    title: 'AwsIamRole/sample-partner-role allows cross-account access',
    description: 'SAMPLE DATA. The sample role trusts an account outside the organisation (999999999999).',
    resource: { Type: 'AwsIamRole', Id: `arn:aws:iam::${ACCOUNT}:role/sample-partner-role` },
    remediation: {
      Text: 'SAMPLE DATA. Remove the external principal from the trust policy if it is not intended.',
      Url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-findings-remediate.html',
    },
  },
];

function asff(finding: SampleFinding, at: string): Record<string, unknown> {
  return {
    SchemaVersion: '2018-10-08',
    Id: finding.id,
    ProductArn: productArn(finding.product),
    ProductName: finding.productName,
    CompanyName: 'AWS',
    Region: REGION,
    GeneratorId: `sample/${finding.product}`,
    AwsAccountId: ACCOUNT,
    Types: [finding.type],
    CreatedAt: at,
    UpdatedAt: at,
    Severity: { Label: finding.label, Normalized: finding.normalized },
    Title: finding.title,
    Description: finding.description,
    ...(finding.remediation ? { Remediation: { Recommendation: finding.remediation } } : {}),
    ProductFields: { ...finding.productFields, 'aws/securityhub/ProductName': finding.productName },
    Resources: [{ ...finding.resource, Partition: 'aws', Region: REGION, Tags: { 'sample-data': 'true' } }],
    ...(finding.compliance ? { Compliance: { Status: finding.compliance } } : {}),
    Workflow: { Status: 'NEW' },
    WorkflowState: 'NEW',
    RecordState: 'ACTIVE',
    Sample: true,
  };
}

/** The sample ASFF findings, dated `now` (what GetFindings would return). */
export function sampleSecurityHubFindings(now: Date): Array<Record<string, unknown>> {
  return FINDINGS.map((finding) => asff(finding, now.toISOString()));
}

function event(
  detailType: string,
  source: string,
  n: number,
  now: Date,
  detail: object,
  resources: string[],
) {
  return {
    version: '0',
    id: `00000000-0000-4000-8000-sample${String(n).padStart(6, '0')}`,
    'detail-type': detailType,
    source,
    account: ACCOUNT,
    time: now.toISOString(),
    region: REGION,
    resources,
    detail,
  };
}

/** A Config rule compliance change on the sample account (NON_COMPLIANT, with an annotation). */
export function sampleConfigComplianceChange(now: Date): Record<string, unknown> {
  const at = now.toISOString();
  const qualifier = {
    configRuleName: 'restricted-ssh',
    resourceType: 'AWS::EC2::SecurityGroup',
    resourceId: 'sg-0sample000000001',
  };
  return event(
    'Config Rules Compliance Change',
    'aws.config',
    99,
    now,
    {
      resourceId: qualifier.resourceId,
      awsRegion: REGION,
      awsAccountId: ACCOUNT,
      configRuleName: qualifier.configRuleName,
      recordVersion: '1.0',
      configRuleARN: `arn:aws:config:${REGION}:${ACCOUNT}:config-rule/config-rule-sample2`,
      messageType: 'ComplianceChangeNotification',
      newEvaluationResult: {
        evaluationResultIdentifier: { evaluationResultQualifier: qualifier, orderingTimestamp: at },
        complianceType: 'NON_COMPLIANT',
        resultRecordedTime: at,
        configRuleInvokedTime: at,
        annotation: 'SAMPLE DATA. Port 22 is open to 0.0.0.0/0 on the sample security group.',
      },
      oldEvaluationResult: {
        evaluationResultIdentifier: { evaluationResultQualifier: qualifier },
        complianceType: 'COMPLIANT',
      },
      notificationCreationTime: at,
      resourceType: qualifier.resourceType,
    },
    [],
  );
}

/**
 * What the sample account sends through EventBridge: one "Security Hub Findings - Imported"
 * event per sample finding, then the Config compliance change.
 */
export function sampleSecurityEvents(now: Date): Array<Record<string, unknown>> {
  const findings = sampleSecurityHubFindings(now).map((finding, i) =>
    event('Security Hub Findings - Imported', 'aws.securityhub', i + 1, now, { findings: [finding] }, [
      `${String(finding.ProductArn)}/${String(finding.Id)}`,
    ]),
  );
  return [...findings, sampleConfigComplianceChange(now)];
}

/**
 * Posts the sample events to a Watchkeeper EventBridge intake (the sandbox's own), as an API
 * destination would. Resolves with the HTTP status of each post.
 */
export async function sendSampleSecurityEvents(options: {
  readonly url: string;
  readonly apiKey: string;
  readonly now: () => Date;
  readonly fetch?: typeof fetch;
}): Promise<number[]> {
  const send = options.fetch ?? fetch;
  const statuses: number[] = [];
  for (const body of sampleSecurityEvents(options.now())) {
    const res = await send(`${options.url}${EVENTBRIDGE_PATH}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', [API_KEY_HEADER]: options.apiKey },
    });
    statuses.push(res.status);
  }
  return statuses;
}

/**
 * The sample account's Security Hub for the optional Security Hub sync: the same findings,
 * dated when the port was made, through the port GetFindings implements in production.
 */
export class SampleSecurityHubPort implements SecurityHubFindingsPort {
  readonly #findings: readonly SecurityHubFinding[];

  constructor(options: { readonly now: () => Date }) {
    this.#findings = sampleSecurityHubFindings(options.now()) as unknown as SecurityHubFinding[];
  }

  async getFindings(updatedSinceMs: number): Promise<SecurityHubFindingsPage> {
    return { findings: this.#findings.filter((f) => Date.parse(f.UpdatedAt) >= updatedSinceMs) };
  }
}
