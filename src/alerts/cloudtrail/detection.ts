import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type CloudTrailRecord, cloudTrailRecordSchema } from '../../aws/logs/cloudtrail-record.js';
import { formatPath } from '../../platform/format-path.js';
import { type Alert, SEVERITY_LABELS, SEVERITY_SCORE } from '../alert.js';
import { parseAwsDate } from '../dates.js';
import type { DetectionRef } from '../detection-ref.js';
import { cloudTrailEventHistoryLink, type EventHistoryFilter } from '../links.js';
import { parseAs, reject } from '../problems.js';
import { cleanText } from '../text.js';
import { actorKey, cloudTrailActor, eventHistoryUserName, recordAccountId } from './actor.js';
import { trimEvidence } from './evidence.js';
import { cloudTrailResource, resourceKey } from './resource.js';

const RECORDS_NAME = 'CloudTrail records for a detection';
/** Above this many events the revision is a digest of their ids, not the list. */
const MAX_LISTED_EVENT_IDS = 10;

const detectionSchema = z.looseObject({
  id: z.string().min(1),
  control: z.string(),
  title: z.string().min(1),
  description: z.string().optional(),
  severity: z.enum(SEVERITY_LABELS),
  runbookId: z.string(),
});

/** A record given bare or as the `detail` of an EventBridge CloudTrail event. */
export function unwrapCloudTrailEvent(item: unknown): unknown {
  if (typeof item === 'object' && item !== null && 'detail-type' in item && 'detail' in item)
    return item.detail;
  return item;
}

/** Parses each item (bare or EventBridge-wrapped); `pathOf` says how errors name item `index`. */
export function parseCloudTrailRecords(
  items: readonly unknown[],
  shapeName: string,
  pathOf: (index: number, wrapped: boolean) => string = (index) => `records[${index}]`,
): CloudTrailRecord[] {
  return items.map((item, index) => {
    const record = unwrapCloudTrailEvent(item);
    const prefix = pathOf(index, record !== item);
    return parseAs(cloudTrailRecordSchema, record, shapeName, prefix ? { prefix } : {});
  });
}

/** Above this many targets the description names the first ones and counts the rest. */
const MAX_LISTED_TARGETS = 10;

/**
 * `Targets (30): Instance i-1, Instance i-2, … and 20 more`: every distinct resource the records
 * acted on, in order, when there is more than one.
 */
function targetsLine(records: readonly CloudTrailRecord[]): string | undefined {
  const seen = new Map<string, string>();
  for (const record of records) {
    const resource = cloudTrailResource(record);
    const key = resourceKey(resource);
    if (!seen.has(key)) seen.set(key, `${resource.type} ${resource.id}`);
  }
  if (seen.size < 2) return undefined;
  const names = [...seen.values()];
  const shown = names.slice(0, MAX_LISTED_TARGETS).join(', ');
  const rest = names.length - MAX_LISTED_TARGETS;
  return `Targets (${names.length}): ${shown}${rest > 0 ? ` and ${rest} more` : ''}`;
}

function revisionOf(records: readonly CloudTrailRecord[]): string {
  const ids = records.map((r) => r.eventID);
  if (ids.length <= MAX_LISTED_EVENT_IDS) return ids.join(',');
  return `${ids.length} events sha256:${createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 16)}`;
}

function historyLink(record: CloudTrailRecord, region: string, resourceId: string): string | undefined {
  const accessKeyId = cleanText(record.userIdentity?.accessKeyId);
  const userName = eventHistoryUserName(record);
  const [filter, value]: [EventHistoryFilter, string] = accessKeyId
    ? ['AccessKeyId', accessKeyId]
    : userName
      ? ['Username', userName]
      : ['ResourceName', resourceId];
  return cloudTrailEventHistoryLink(region, filter, value);
}

function summaryLine(
  record: CloudTrailRecord,
  alertResource: Alert['resource'],
  principal: string | undefined,
): string {
  const who = principal ?? 'an unknown caller';
  const from = cleanText(record.sourceIPAddress);
  const failure = cleanText(record.errorCode) ?? cleanText(record.errorMessage);
  return (
    `${record.eventName} by ${who}${from ? ` from ${from}` : ''} on ${alertResource.type} ${alertResource.id}` +
    (failure ? ` (failed: ${[record.errorCode, record.errorMessage].filter(Boolean).join(': ')})` : '')
  );
}

/** Builds the alert from parsed records; `raw` is what the caller received. */
export function alertFromParsedRecords(
  detection: DetectionRef,
  records: readonly CloudTrailRecord[],
  raw: unknown,
  receivedAt: Date,
): Alert {
  const [first] = records;
  if (first === undefined) throw reject(RECORDS_NAME, 'records', 'must not be empty');
  const accountId = recordAccountId(first);
  const region = cleanText(first.awsRegion);
  if (accountId === undefined) {
    throw reject(
      RECORDS_NAME,
      formatPath(['recipientAccountId'], { prefix: 'records[0]' }),
      'missing, and userIdentity names no account',
    );
  }
  if (region === undefined) throw reject(RECORDS_NAME, 'records[0].awsRegion', 'missing (expected string)');

  const actor = cloudTrailActor(first);
  const resource = cloudTrailResource(first);
  const times = records.map((r) => parseAwsDate(r.eventTime)?.getTime() ?? receivedAt.getTime());
  const link = historyLink(first, region, resource.id);
  const plural = records.length > 1 ? ` (${records.length} events)` : '';
  return {
    dedupeKey: [detection.id, actorKey(actor), resourceKey(resource)].join('|'),
    source: 'cloudtrail-detection',
    accountId,
    region,
    severity: SEVERITY_SCORE[detection.severity],
    severityLabel: detection.severity,
    type: detection.id,
    title: detection.title,
    description: [
      detection.description ?? detection.title,
      summaryLine(first, resource, actor.principal) + plural,
      targetsLine(records),
      detection.control ? `Control: ${detection.control}` : undefined,
    ]
      .filter((line) => line !== undefined)
      .join('\n'),
    resource,
    actor,
    firstSeen: new Date(times.reduce((a, b) => Math.min(a, b))).toISOString(),
    lastSeen: new Date(times.reduce((a, b) => Math.max(a, b))).toISOString(),
    count: records.length,
    revision: revisionOf(records),
    links: link ? { cloudTrailEventHistory: link } : {},
    evidence: trimEvidence(records),
    raw,
  };
}

/**
 * The alert for CloudTrail records one detection matched. The first record names the actor
 * and resource (the caller groups records by actor; the other targets are listed in the
 * description); dedupeKey is detection id | actor | first resource.
 * Throws InputError when a record is not CloudTrail or names no account/region.
 */
export function alertFromDetection(
  detection: DetectionRef,
  records: readonly unknown[],
  options: { readonly now: () => Date },
): Alert {
  const checked = parseAs(detectionSchema, detection, 'detection');
  const parsed = parseCloudTrailRecords(records, RECORDS_NAME);
  return alertFromParsedRecords({ ...detection, severity: checked.severity }, parsed, records, options.now());
}
