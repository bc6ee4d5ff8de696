import type { CloudTrailRecord } from './cloudtrail-record.js';

/**
 * What detections need from CloudWatch Logs in one account and region: the CloudTrail records
 * a filter pattern matches in a time range, one FilterLogEvents page at a time. The SDK
 * implementation is sdk-port.ts; failures are `AwsError`.
 */

export interface FilterLogEventsRequest {
  readonly logGroupName: string;
  /** The exact CloudWatch Logs filter pattern (a detection's `filterPattern`). */
  readonly filterPattern: string;
  /** Epoch ms, inclusive. */
  readonly startTime: number;
  /** Epoch ms, inclusive. */
  readonly endTime: number;
  readonly nextToken?: string;
}

export interface CloudTrailLogEvent {
  /** CloudWatch Logs' own id for the log event: unique within the log group. */
  readonly eventId: string;
  /** The log event's timestamp (epoch ms), which the time range and cursor use. */
  readonly timestampMs: number;
  readonly record: CloudTrailRecord;
}

export interface CloudTrailLogsPage {
  /** In the order CloudWatch Logs returned them (ascending by timestamp). */
  readonly events: readonly CloudTrailLogEvent[];
  /** Log events whose message was not a CloudTrail record (e.g. a CloudTrail digest line). */
  readonly skipped: number;
  /** Absent on the last page; a page may be empty while this is present. */
  readonly nextToken?: string;
}

export interface CloudTrailLogsPort {
  filterLogEvents(request: FilterLogEventsRequest): Promise<CloudTrailLogsPage>;
}
