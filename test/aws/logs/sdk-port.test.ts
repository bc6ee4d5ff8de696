import {
  AccessDeniedException,
  CloudWatchLogsClient,
  FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { cloudTrailEventFrom, SdkCloudTrailLogsPort } from '../../../src/aws/logs/sdk-port.js';
import { AwsError, ErrorCode } from '../../../src/platform/errors.js';
import {
  ACCOUNT,
  fixtureJson,
  LOG_GROUP,
  logEvent,
  logsClient,
  REGION,
  recordWith,
} from './logs-test-kit.js';

const logs = mockClient(CloudWatchLogsClient);
const REQUEST = {
  logGroupName: LOG_GROUP,
  filterPattern: '{($.eventName=AttachUserPolicy)}',
  startTime: Date.parse('2025-05-20T07:00:00Z'),
  endTime: Date.parse('2025-05-20T08:00:00Z'),
};

function port() {
  return new SdkCloudTrailLogsPort(logsClient(), { accountId: ACCOUNT, region: REGION });
}

beforeEach(() => logs.reset());

describe('SdkCloudTrailLogsPort.filterLogEvents', () => {
  it('sends the pattern and window and returns each message parsed as a CloudTrail record', async () => {
    const t = Date.parse('2025-05-20T07:30:00Z');
    logs.on(FilterLogEventsCommand).resolves({
      events: [logEvent('38720001', t, fixtureJson('cloudtrail-attach-user-policy.json'))],
      nextToken: 'page-2',
    });

    const page = await port().filterLogEvents(REQUEST);

    expect(logs.commandCalls(FilterLogEventsCommand)[0]?.args[0].input).toEqual(REQUEST);
    expect(page.nextToken).toBe('page-2');
    expect(page.skipped).toBe(0);
    expect(page.events).toHaveLength(1);
    expect(page.events[0]).toMatchObject({ eventId: '38720001', timestampMs: t });
    expect(page.events[0]?.record).toMatchObject({
      eventName: 'AttachUserPolicy',
      requestParameters: { userName: 'ops-breakglass-user' },
      tlsDetails: { tlsVersion: 'TLSv1.3' },
    });
  });

  it('passes the next token on and has none on the last page', async () => {
    logs.on(FilterLogEventsCommand, { nextToken: 'page-2' }).resolves({ events: [] });
    const page = await port().filterLogEvents({ ...REQUEST, nextToken: 'page-2' });
    expect(logs.commandCalls(FilterLogEventsCommand)[0]?.args[0].input.nextToken).toBe('page-2');
    expect(page).toEqual({ events: [], skipped: 0 });
  });

  it('skips and counts log events that are not CloudTrail records', async () => {
    const t = Date.parse('2025-05-20T07:30:00Z');
    logs.on(FilterLogEventsCommand).resolves({
      events: [
        logEvent('1', t, recordWith({ eventID: 'a1' })),
        { eventId: '2', timestamp: t, message: 'not json at all' },
        logEvent('3', t, { eventName: 'NoIdOrSource' }),
        { eventId: '4', message: JSON.stringify(recordWith({ eventID: 'a4' })) },
      ],
    });
    const page = await port().filterLogEvents(REQUEST);
    expect(page.events.map((e) => e.record.eventID)).toEqual(['a1']);
    expect(page.skipped).toBe(3);
  });

  it('turns AccessDenied into an AwsError naming logs:FilterLogEvents', async () => {
    logs
      .on(FilterLogEventsCommand)
      .rejects(
        new AccessDeniedException({ message: 'User is not authorized', $metadata: { httpStatusCode: 400 } }),
      );
    const error = await port()
      .filterLogEvents(REQUEST)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsError);
    expect(error).toMatchObject({ code: ErrorCode.AwsAccessDenied, missingAction: 'logs:FilterLogEvents' });
    expect((error as AwsError).message).toContain(`log group ${LOG_GROUP} in ${ACCOUNT}/${REGION}`);
    expect((error as AwsError).userMessage).toContain('logs:FilterLogEvents');
  });
});

describe('cloudTrailEventFrom', () => {
  it('reads a root sign-in record with a null requestParameters', () => {
    const event = cloudTrailEventFrom(logEvent('9', 5, fixtureJson('cloudtrail-root-console-login.json')));
    expect(event?.record.userIdentity?.type).toBe('Root');
    expect(event?.record.requestParameters).toBeNull();
  });
});
