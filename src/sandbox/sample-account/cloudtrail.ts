import { randomUUID } from 'node:crypto';
import { evaluateFilterPattern } from '../../alerts/detections/filter-pattern/evaluator.js';
import { parseFilterPattern } from '../../alerts/detections/filter-pattern/parser.js';
import type { CloudTrailRecord } from '../../aws/logs/cloudtrail-record.js';
import type {
  CloudTrailLogEvent,
  CloudTrailLogsPage,
  CloudTrailLogsPort,
  FilterLogEventsRequest,
} from '../../aws/logs/port.js';
import { SAMPLE_ACCOUNT_ID, SAMPLE_REGION } from './identity.js';

/**
 * The sandbox account's CloudTrail log group: a steady trickle of API calls, some of which the
 * CIS detections match (console sign-in without MFA, root use, IAM policy changes, security
 * group and network changes, CloudTrail stopped, a KMS key scheduled for deletion), mixed with
 * harmless calls they must not match. Events sit on a fixed grid of times, so any time range asks
 * the same question twice and gets the same answer, and the log-watch cursor works as in AWS.
 * Filter patterns are evaluated with Watchkeeper's own evaluator, as CloudWatch Logs would.
 */

/** One event every this many ms; the first run's backfill finds the last hour's. */
export const SAMPLE_EVENT_EVERY_MS = 40_000;

/** A record without its time and id, which the grid position gives. */
type Template = () => Record<string, unknown>;

const user = (name: string) => ({
  type: 'IAMUser',
  principalId: `AIDASAMPLE${name
    .toUpperCase()
    .replace(/[^A-Z]/g, '')
    .slice(0, 10)}`,
  arn: `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:user/${name}`,
  accountId: SAMPLE_ACCOUNT_ID,
  userName: name,
});
const root = {
  type: 'Root',
  principalId: SAMPLE_ACCOUNT_ID,
  arn: `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:root`,
  accountId: SAMPLE_ACCOUNT_ID,
};
const call = (
  identity: object,
  eventSource: string,
  eventName: string,
  requestParameters: object | null,
  extra: object = {},
) => ({
  eventVersion: '1.10',
  userIdentity: identity,
  eventSource,
  eventName,
  awsRegion: SAMPLE_REGION,
  sourceIPAddress: '198.51.100.77',
  userAgent: 'aws-cli/2.22.0 (sample data)',
  requestParameters,
  responseElements: null,
  readOnly: false,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: SAMPLE_ACCOUNT_ID,
  eventCategory: 'Management',
  ...extra,
});

/** In rotation: every other event is harmless, so the detections have something to ignore. */
const TEMPLATES: readonly Template[] = [
  () => ({
    ...call(user('dana.admin'), 'signin.amazonaws.com', 'ConsoleLogin', null, {
      eventType: 'AwsConsoleSignIn',
      responseElements: { ConsoleLogin: 'Success' },
      additionalEventData: { MFAUsed: 'No', MobileVersion: 'No' },
    }),
  }),
  () => call(user('alice.ng'), 's3.amazonaws.com', 'ListBuckets', null, { readOnly: true }),
  () =>
    call(user('ci-runner'), 'iam.amazonaws.com', 'PutUserPolicy', {
      userName: 'ci-runner',
      policyName: 'deploy-functions',
    }),
  () => call(user('bruno.silva'), 'ec2.amazonaws.com', 'DescribeInstances', null, { readOnly: true }),
  () => call(root, 'iam.amazonaws.com', 'CreateAccessKey', { userName: 'root' }),
  () => call(user('grace.liu'), 'logs.amazonaws.com', 'FilterLogEvents', null, { readOnly: true }),
  () =>
    call(user('legacy-etl'), 'ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', {
      groupId: 'sg-0sample0000000001',
      ipPermissions: {
        items: [
          { ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } },
        ],
      },
    }),
  () => call(user('chen.wei'), 'cloudtrail.amazonaws.com', 'DescribeTrails', null, { readOnly: true }),
  () =>
    call(user('dana.admin'), 'cloudtrail.amazonaws.com', 'StopLogging', {
      name: `arn:aws:cloudtrail:${SAMPLE_REGION}:${SAMPLE_ACCOUNT_ID}:trail/sample-trail`,
    }),
  () => call(user('farah.haddad'), 'athena.amazonaws.com', 'StartQueryExecution', null),
  () =>
    call(user('dana.admin'), 'kms.amazonaws.com', 'ScheduleKeyDeletion', {
      keyId: `arn:aws:kms:${SAMPLE_REGION}:${SAMPLE_ACCOUNT_ID}:key/00000000-sample-key`,
      pendingWindowInDays: 7,
    }),
  () => call(user('erin.okafor'), 'sts.amazonaws.com', 'GetCallerIdentity', null, { readOnly: true }),
];

/** Page size like CloudWatch Logs'; a wide range is read in several pages. */
const PAGE = 50;

export class SampleCloudTrailLogsPort implements CloudTrailLogsPort {
  readonly #patterns = new Map<string, ReturnType<typeof parseFilterPattern>>();
  /** Per-run event ids, so a restarted sandbox does not look like replayed events. */
  readonly #run = randomUUID().slice(0, 8);

  async filterLogEvents(request: FilterLogEventsRequest): Promise<CloudTrailLogsPage> {
    let pattern = this.#patterns.get(request.filterPattern);
    if (!pattern) {
      pattern = parseFilterPattern(request.filterPattern);
      this.#patterns.set(request.filterPattern, pattern);
    }
    const first = Math.ceil(request.startTime / SAMPLE_EVENT_EVERY_MS);
    const last = Math.floor(request.endTime / SAMPLE_EVENT_EVERY_MS);
    const from = request.nextToken ? Number(request.nextToken) : first;
    const events: CloudTrailLogEvent[] = [];
    let k = from;
    for (; k <= last && k < from + PAGE; k++) {
      const timestampMs = k * SAMPLE_EVENT_EVERY_MS;
      const at = new Date(timestampMs).toISOString().replace('.000Z', 'Z');
      const template = TEMPLATES[k % TEMPLATES.length] as Template;
      // Shaped like the CloudTrail records in test/fixtures/alerts/cloudtrail (schema: loose object).
      const record = {
        ...template(),
        eventTime: at,
        eventID: `${this.#run}-${k}`,
      } as unknown as CloudTrailRecord;
      if (evaluateFilterPattern(pattern, record))
        events.push({ eventId: `sample-${this.#run}-${k}`, timestampMs, record });
    }
    return { events, skipped: 0, ...(k <= last ? { nextToken: String(k) } : {}) };
  }
}
