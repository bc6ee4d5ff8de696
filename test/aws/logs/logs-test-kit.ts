import { readFileSync } from 'node:fs';
import { CloudWatchLogsClient, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import type { LogCursor, LogCursorStore } from '../../../src/aws/logs/cursor.js';
import type { RateBudget, RateScope } from '../../../src/aws/logs/rate-budget.js';

/** Fixtures and small stand-ins shared by the CloudWatch Logs tests. */

export const ACCOUNT = '345678901234';
export const REGION = 'us-east-1';
export const LOG_GROUP = 'aws-cloudtrail-logs-345678901234-org';

export function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/logs/${name}`, import.meta.url), 'utf8');
}

export function fixtureJson(name: string): Record<string, unknown> {
  return JSON.parse(fixture(name)) as Record<string, unknown>;
}

/** A CloudTrail record fixture under another event id, event name and time. */
export function recordWith(changes: Record<string, unknown>, name = 'cloudtrail-attach-user-policy.json') {
  return { ...fixtureJson(name), ...changes };
}

/** The log event CloudWatch Logs returns for a record delivered by CloudTrail. */
export function logEvent(eventId: string, timestamp: number, record: unknown): FilteredLogEvent {
  return {
    logStreamName: `${ACCOUNT}_CloudTrail_${REGION}`,
    timestamp,
    message: JSON.stringify(record),
    ingestionTime: timestamp + 42_000,
    eventId,
  };
}

export function logsClient(): CloudWatchLogsClient {
  return new CloudWatchLogsClient({
    region: REGION,
    credentials: { accessKeyId: 'AKIDLOGSTEST', secretAccessKey: 't' },
  });
}

/** Same never-backwards rule as RedisLogCursorStore (tested against real Redis in cursor.test.ts). */
export class MemoryLogCursorStore implements LogCursorStore {
  readonly values = new Map<string, LogCursor>();
  async get(key: string): Promise<LogCursor | undefined> {
    return this.values.get(key);
  }
  async advance(key: string, cursor: LogCursor): Promise<void> {
    const current = this.values.get(key);
    if (current === undefined || cursor.timestampMs > current.timestampMs) this.values.set(key, cursor);
    else if (cursor.timestampMs === current.timestampMs)
      this.values.set(key, {
        timestampMs: current.timestampMs,
        eventIds: [...new Set([...current.eventIds, ...cursor.eventIds])],
      });
  }
}

/** A budget that never waits, counting takes per scope. */
export class OpenBudget implements RateBudget {
  readonly takes: RateScope[] = [];
  async acquire(scope: RateScope): Promise<void> {
    this.takes.push(scope);
  }
}

/** A clock tests move by hand; `sleep` advances it instead of waiting. */
export class FakeClock {
  constructor(public ms: number) {}
  now = (): Date => new Date(this.ms);
  sleep = async (ms: number): Promise<void> => {
    this.ms += ms;
  };
}
