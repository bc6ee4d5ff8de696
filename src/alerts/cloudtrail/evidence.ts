import type { CloudTrailRecord } from '../../aws/logs/cloudtrail-record.js';

/**
 * The copy of matched records an alert carries as evidence: the fields a responder reads,
 * without TLS details and other bulk, and at most MAX_EVIDENCE_RECORDS of them. Large request
 * or response bodies (a policy document, a RunInstances response) become a size note; the full
 * records stay in `raw`.
 */

export const MAX_EVIDENCE_RECORDS = 20;
const MAX_BODY_CHARS = 2000;

const KEPT_FIELDS = [
  'eventTime',
  'eventName',
  'eventSource',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'errorCode',
  'errorMessage',
  'eventID',
  'recipientAccountId',
  'readOnly',
] as const;

const BODY_FIELDS = ['requestParameters', 'responseElements', 'additionalEventData'] as const;

function bounded(value: unknown): unknown {
  const json = JSON.stringify(value);
  return json !== undefined && json.length > MAX_BODY_CHARS ? `[omitted: ${json.length} characters]` : value;
}

function trimIdentity(identity: CloudTrailRecord['userIdentity']): Record<string, unknown> | undefined {
  if (!identity) return undefined;
  const issuer = identity.sessionContext?.sessionIssuer;
  const attributes = identity.sessionContext?.attributes;
  const fields = {
    type: identity.type,
    arn: identity.arn,
    accountId: identity.accountId,
    userName: identity.userName,
    accessKeyId: identity.accessKeyId,
    invokedBy: identity.invokedBy,
    sessionIssuer: issuer?.arn,
    mfaAuthenticated: attributes?.mfaAuthenticated,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null));
}

export function trimRecord(record: CloudTrailRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of KEPT_FIELDS) {
    const value = record[field];
    if (value !== undefined && value !== null) out[field] = value;
  }
  const identity = trimIdentity(record.userIdentity);
  if (identity) out.userIdentity = identity;
  for (const field of BODY_FIELDS) {
    const value = record[field];
    if (value !== undefined && value !== null) out[field] = bounded(value);
  }
  return out;
}

export function trimEvidence(records: readonly CloudTrailRecord[]): Array<Record<string, unknown>> {
  return records.slice(0, MAX_EVIDENCE_RECORDS).map(trimRecord);
}
