import {
  AccessDeniedException,
  CloudWatchLogsClient,
  FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { alarmFromEventBridge, alarmFromSnsMessage } from '../../../../src/alerts/alarm/normalize.js';
import type { Alert } from '../../../../src/alerts/alert.js';
import { loadDetectionCatalog } from '../../../../src/alerts/detections/catalog-loader.js';
import {
  type EnrichAlarmDeps,
  enrichAlarmAlert,
} from '../../../../src/alerts/detections/enrich/enrich-alarm.js';
import { resolveContext } from '../../../../src/alerts/options.js';
import { SdkCloudTrailLogsPort } from '../../../../src/aws/logs/sdk-port.js';
import { createSilentLogger } from '../../../../src/platform/log/logger.js';
import {
  ACCOUNT,
  fixtureJson,
  LOG_GROUP,
  logEvent,
  logsClient,
  OpenBudget,
  REGION,
  recordWith,
} from '../../../aws/logs/logs-test-kit.js';
import { captureLogs } from '../../../support/log-capture.js';

const logs = mockClient(CloudWatchLogsClient);
const catalog = await loadDetectionCatalog();
const RECEIVED = new Date('2025-05-20T08:20:00.000Z');

function alarmAlert(outcome: ReturnType<typeof alarmFromSnsMessage>): Alert {
  if (outcome.status !== 'normalized' || !outcome.alerts[0]) throw new Error('fixture did not normalize');
  return outcome.alerts[0];
}
const context = resolveContext({ now: () => RECEIVED });
const snsIamAlert = () => alarmAlert(alarmFromSnsMessage(fixtureJson('alarm-sns-iam-changes.json'), context));
const ebRootAlert = () =>
  alarmAlert(alarmFromEventBridge(fixtureJson('alarm-eventbridge-root-usage.json'), context));

function deps(overrides: Partial<EnrichAlarmDeps> = {}): EnrichAlarmDeps & { budget: OpenBudget } {
  return {
    catalog,
    mapping: { RootAccountUsageCount: 'cis-root-account-usage' },
    portFor: (accountId, region) => new SdkCloudTrailLogsPort(logsClient(), { accountId, region }),
    logGroupFor: (accountId, region) => (accountId === ACCOUNT && region === REGION ? LOG_GROUP : undefined),
    budget: new OpenBudget(),
    now: () => RECEIVED,
    logger: createSilentLogger(),
    ...overrides,
  } as EnrichAlarmDeps & { budget: OpenBudget };
}

beforeEach(() => logs.reset());

describe('enrichAlarmAlert', () => {
  it('fills actor, resource and evidence for an SNS CIS alarm from its evaluation window', async () => {
    const older = recordWith({
      eventID: 'older-1',
      eventName: 'PutUserPolicy',
      sourceIPAddress: '198.51.100.5',
    });
    const latest = fixtureJson('cloudtrail-attach-user-policy.json');
    logs.on(FilterLogEventsCommand).resolves({
      events: [
        logEvent('1', Date.parse('2025-05-20T08:01:00Z'), older),
        logEvent('2', Date.parse('2025-05-20T08:02:33Z'), latest),
      ],
    });
    const d = deps();

    const alert = await enrichAlarmAlert(snsIamAlert(), d);

    const input = logs.commandCalls(FilterLogEventsCommand)[0]?.args[0].input;
    const changed = Date.parse('2025-05-20T08:07:40.512Z');
    // Period 300 s x 1 evaluation period, ending at the state change.
    expect(input).toMatchObject({ logGroupName: LOG_GROUP, startTime: changed - 300_000, endTime: changed });
    expect(input?.filterPattern).toBe(catalog.byId.get('cis-iam-policy-changes')?.filterPattern);
    expect(d.budget.takes).toEqual([{ accountId: ACCOUNT, region: REGION }]);
    expect(alert.actor).toEqual({
      principal: 'arn:aws:sts::345678901234:assumed-role/build-runner-role/i-0a1b2c3d4e5f60718',
      accessKeyId: 'ASIAEXAMPLEKEY000042',
      sourceIp: '198.51.100.77',
      userAgent: expect.stringContaining('aws-cli/2.22.4'),
      api: 'AttachUserPolicy',
    });
    expect(alert.resource).toMatchObject({ type: 'IAMUser', id: 'ops-breakglass-user' });
    expect(alert.evidence).toHaveLength(2);
    expect(alert.evidence?.[1]).toMatchObject({ eventID: '9f3b2a71-5c4d-4e8f-a1b2-c3d4e5f60718' });
    expect(alert.evidence?.[1]).not.toHaveProperty('tlsDetails');
    expect(alert.description).toContain('Detection: cis-iam-policy-changes (CloudWatch.4)');
    expect(alert.description).toContain('2 matching CloudTrail events');
    // Identity of the alert is still the alarm's.
    expect(alert.dedupeKey).toBe('arn:aws:cloudwatch:us-east-1:345678901234:alarm:cis-iam-policy-changes');
  });

  it('recognizes an EventBridge alarm on a hand-named metric through the mapping, with the 15-minute lookback', async () => {
    logs.on(FilterLogEventsCommand).resolves({
      events: [
        logEvent('7', Date.parse('2025-05-20T08:11:52Z'), fixtureJson('cloudtrail-root-console-login.json')),
      ],
    });

    const alert = await enrichAlarmAlert(ebRootAlert(), deps());

    const input = logs.commandCalls(FilterLogEventsCommand)[0]?.args[0].input;
    const changed = Date.parse('2025-05-20T08:16:02.121Z');
    expect(input).toMatchObject({ startTime: changed - 15 * 60_000, endTime: changed });
    expect(input?.filterPattern).toBe(catalog.byId.get('cis-root-account-usage')?.filterPattern);
    expect(alert.actor).toMatchObject({
      principal: 'arn:aws:iam::345678901234:root',
      sourceIp: '203.0.113.19',
      api: 'ConsoleLogin',
    });
    expect(alert.evidence).toHaveLength(1);
    expect(alert.description).toContain('Detection: cis-root-account-usage (CloudWatch.1)');
  });

  it('keeps at most the latest 20 records as evidence', async () => {
    const events = Array.from({ length: 25 }, (_, i) =>
      logEvent(String(i), Date.parse('2025-05-20T08:03:00Z') + i, recordWith({ eventID: `bulk-${i}` })),
    );
    logs.on(FilterLogEventsCommand).resolves({ events });
    const alert = await enrichAlarmAlert(snsIamAlert(), deps());
    expect(alert.evidence).toHaveLength(20);
    expect(alert.evidence?.at(-1)).toMatchObject({ eventID: 'bulk-24' });
    expect(alert.description).toContain('25 matching CloudTrail events');
  });

  it('leaves an alarm on a metric no detection publishes unchanged, without calling AWS', async () => {
    const alert = alarmAlert(alarmFromSnsMessage(fixtureJson('alarm-sns-cpu.json'), context));
    expect(await enrichAlarmAlert(alert, deps())).toBe(alert);
    expect(logs.commandCalls(FilterLogEventsCommand)).toHaveLength(0);
  });

  it('leaves an OK recovery unchanged', async () => {
    const ok = alarmAlert(
      alarmFromSnsMessage(
        { ...fixtureJson('alarm-sns-iam-changes.json'), NewStateValue: 'OK', OldStateValue: 'ALARM' },
        context,
      ),
    );
    expect(await enrichAlarmAlert(ok, deps())).toBe(ok);
  });

  it('returns the alert with a note and logs it when AWS refuses', async () => {
    logs.on(FilterLogEventsCommand).rejects(new AccessDeniedException({ message: 'denied', $metadata: {} }));
    const capture = captureLogs('warn');
    const original = snsIamAlert();

    const alert = await enrichAlarmAlert(original, deps({ logger: capture.logger }));

    expect(alert).toMatchObject({ ...original, description: expect.any(String) });
    expect(alert.actor).toBeUndefined();
    expect(alert.evidence).toBeUndefined();
    expect(alert.description.startsWith(original.description)).toBe(true);
    expect(alert.description).toContain(
      'CloudTrail evidence unavailable: CloudWatch Logs FilterLogEvents failed (AccessDeniedException)',
    );
    expect(capture.text()).toContain('Alarm enrichment failed');
  });

  it('notes a missing log group instead of calling AWS', async () => {
    const alert = await enrichAlarmAlert(snsIamAlert(), deps({ logGroupFor: () => undefined }));
    expect(alert.description).toContain('no log group configured for 345678901234/us-east-1');
    expect(logs.commandCalls(FilterLogEventsCommand)).toHaveLength(0);
  });
});
