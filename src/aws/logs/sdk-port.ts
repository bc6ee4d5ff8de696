import { type CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { z } from 'zod';
import { AwsError } from '../../platform/errors.js';
import { type AwsTarget, awsErrorFrom } from '../client-config.js';
import { cloudTrailRecordSchema } from './cloudtrail-record.js';
import type {
  CloudTrailLogEvent,
  CloudTrailLogsPage,
  CloudTrailLogsPort,
  FilterLogEventsRequest,
} from './port.js';

/** CloudWatch Logs over SDK v3. Build it with a client made from `awsClientConfig` for the same target. */

const SERVICE = 'CloudWatch Logs';
const OPERATION = 'FilterLogEvents';

const outputSchema = z.object({
  // Each event is checked on its own below, so one odd event is skipped, not the page.
  events: z.array(z.unknown()).nullish(),
  nextToken: z
    .string()
    .nullish()
    .transform((token) => (token ? token : undefined)),
});

const logEventSchema = z.object({
  eventId: z.string().min(1),
  timestamp: z.number().int().nonnegative(),
  message: z.string(),
});

/** A log event holding a CloudTrail record, or undefined when it holds anything else. */
export function cloudTrailEventFrom(item: unknown): CloudTrailLogEvent | undefined {
  const event = logEventSchema.safeParse(item);
  if (!event.success) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(event.data.message);
  } catch {
    return undefined;
  }
  const record = cloudTrailRecordSchema.safeParse(json);
  if (!record.success) return undefined;
  return { eventId: event.data.eventId, timestampMs: event.data.timestamp, record: record.data };
}

export class SdkCloudTrailLogsPort implements CloudTrailLogsPort {
  constructor(
    private readonly client: CloudWatchLogsClient,
    private readonly target: AwsTarget,
  ) {}

  async filterLogEvents(request: FilterLogEventsRequest): Promise<CloudTrailLogsPage> {
    const where = `log group ${request.logGroupName} in ${this.target.accountId}/${this.target.region}`;
    let output: unknown;
    try {
      output = await this.client.send(
        new FilterLogEventsCommand({
          logGroupName: request.logGroupName,
          filterPattern: request.filterPattern,
          startTime: request.startTime,
          endTime: request.endTime,
          ...(request.nextToken === undefined ? {} : { nextToken: request.nextToken }),
        }),
      );
    } catch (error) {
      throw awsErrorFrom(error, {
        service: SERVICE,
        operation: OPERATION,
        target: where,
        ...(this.target.roleArn === undefined ? {} : { roleArn: this.target.roleArn }),
      });
    }
    const parsed = outputSchema.safeParse(output);
    if (!parsed.success) {
      throw new AwsError({
        service: SERVICE,
        operation: OPERATION,
        awsCode: 'MalformedResponse',
        target: `${where} (response ${parsed.error.issues[0]?.path.join('.') || '(response)'})`,
        cause: parsed.error,
      });
    }
    const items = parsed.data.events ?? [];
    const events = items.flatMap((item) => cloudTrailEventFrom(item) ?? []);
    const page = { events, skipped: items.length - events.length };
    return parsed.data.nextToken ? { ...page, nextToken: parsed.data.nextToken } : page;
  }
}
