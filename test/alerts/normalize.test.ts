import { describe, expect, it } from 'vitest';
import { alertSchema } from '../../src/alerts/alert.js';
import type { IntakeJob } from '../../src/alerts/intake/intake-job.js';
import { normalize, normalizeInput } from '../../src/alerts/normalize.js';
import type { NormalizeResult } from '../../src/alerts/result.js';
import { ErrorCode } from '../../src/platform/errors.js';
import { CATALOG, fixture, fixtureLines, fixtureObject, NOW, options, toSdkShape } from './helpers.js';

function job(kind: IntakeJob['kind'], payload: unknown, extra: Partial<IntakeJob> = {}): IntakeJob {
  return { kind, payload, receivedAt: '2025-03-02T08:00:00.000Z', origin: 'test', ...extra };
}

function alertsOf(result: NormalizeResult) {
  if (result.status !== 'normalized') throw new Error(`expected alerts, got ${result.status}`);
  for (const alert of result.alerts) alertSchema.parse(alert);
  return result.alerts;
}

const withCatalog = options({ detections: CATALOG });

describe('normalize(job)', () => {
  it('normalizes a GuardDuty SDK finding job', () => {
    const result = normalize(
      job('guardduty-sdk-finding', toSdkShape(fixture('guardduty/eks-tor-caller.json'))),
      withCatalog,
    );
    expect(result.status === 'normalized' && result.shape).toBe('guardduty-sdk-finding');
    expect(alertsOf(result).map((a) => a.dedupeKey)).toEqual(['4d6f8a0c2e4a6c8e0a2c4e6a8c0e2a4c']);
  });

  it('uses the job’s receivedAt, not the clock, for redacted dates', () => {
    const [alert] = alertsOf(
      normalize(job('eventbridge-event', fixture('guardduty/eventbridge-redacted-dns.json')), withCatalog),
    );
    expect(alert?.lastSeen).toBe('2025-03-02T08:00:00.000Z');
  });

  it('uses the clock when the job’s receivedAt is unreadable', () => {
    const payload = fixture('guardduty/eventbridge-redacted-dns.json');
    const [alert] = alertsOf(
      normalize(job('eventbridge-event', payload, { receivedAt: 'yesterday' }), withCatalog),
    );
    expect(alert?.lastSeen).toBe(NOW.toISOString());
  });

  it('normalizes each EventBridge detail-type it takes', () => {
    const [alarm] = fixture('alarms/eventbridge-state-changes.json') as unknown[];
    expect(alertsOf(normalize(job('eventbridge-event', alarm), withCatalog))[0]?.source).toBe(
      'cloudwatch-alarm',
    );
    const trail = fixture('cloudtrail/eventbridge-stop-logging.json');
    expect(alertsOf(normalize(job('eventbridge-event', trail), withCatalog))[0]?.type).toBe(
      'cloudtrail-config-change',
    );
  });

  it('rejects an eventbridge-event job whose payload is not an EventBridge event', () => {
    const result = normalize(
      job('eventbridge-event', fixture('guardduty/instance-backdoor.json')),
      withCatalog,
    );
    expect(result.status).toBe('rejected');
    expect(result.status === 'rejected' && result.error.message).toMatch(/detail-type: missing/);
  });

  it('normalizes an SNS notification carrying an alarm', () => {
    const [alert] = alertsOf(
      normalize(job('sns-notification', fixture('alarms/sns-single-metric.json')), withCatalog),
    );
    expect(alert?.alarmState).toBe('ALARM');
  });

  it('normalizes an SNS notification carrying an EventBridge GuardDuty event', () => {
    const envelope = {
      ...fixtureObject('alarms/sns-single-metric.json'),
      Message: JSON.stringify(fixture('guardduty/eventbridge-redacted-dns.json')),
    };
    const [alert] = alertsOf(normalize(job('sns-notification', envelope), withCatalog));
    expect(alert?.source).toBe('guardduty');
  });

  it('ignores an SNS subscription confirmation with a reason', () => {
    const result = normalize(
      job('sns-notification', fixture('alarms/sns-subscription-confirmation.json')),
      withCatalog,
    );
    expect(result).toMatchObject({
      status: 'ignored',
      shape: 'sns-notification',
      reason: expect.stringContaining('SubscriptionConfirmation'),
    });
  });

  it('ignores an INSUFFICIENT_DATA alarm by default, and raises it when configured', () => {
    const payload = fixture('alarms/sns-insufficient-data.json');
    expect(normalize(job('sns-notification', payload), withCatalog).status).toBe('ignored');
    const raised = normalize(job('sns-notification', payload), options({ insufficientData: 'alert' }));
    expect(alertsOf(raised)[0]?.alarmState).toBe('INSUFFICIENT_DATA');
  });

  it('rejects an SNS notification whose Message is not an alert, naming Message', () => {
    const envelope = { ...fixtureObject('alarms/sns-single-metric.json'), Message: 'Hello world!' };
    const result = normalize(job('sns-notification', envelope), withCatalog);
    expect(result.status === 'rejected' && result.error.problems).toEqual([
      { path: 'Message', message: expect.stringContaining('not JSON') },
    ]);
  });

  it('re-roots errors inside an SNS Message under Message.', () => {
    const message = JSON.parse((fixture('alarms/sns-ok.json') as { Message: string }).Message) as Record<
      string,
      unknown
    >;
    const envelope = {
      ...fixtureObject('alarms/sns-ok.json'),
      Message: JSON.stringify({ ...message, NewStateValue: 7 }),
    };
    const result = normalize(job('sns-notification', envelope), withCatalog);
    expect(result.status).toBe('rejected');
    if (result.status !== 'rejected') return;
    expect(result.error.problems[0]?.path).toBe('Message.NewStateValue');
    expect(result.error.message).toContain('its Message is not a valid CloudWatch alarm message');
  });

  it('raises a cloudtrail-detection job for the detection it names, over all its records', () => {
    const records = fixtureLines('cloudtrail/console-login-failures.ndjson');
    const result = normalize(
      job('cloudtrail-detection', records, { detectionId: 'console-login-failure' }),
      withCatalog,
    );
    const [alert] = alertsOf(result);
    expect(alert).toMatchObject({ type: 'console-login-failure', count: 2, raw: records });
  });

  it('rejects a cloudtrail-detection job without a detection id, an unknown id, or no catalog', () => {
    const record = fixture('cloudtrail/attach-user-policy.json');
    const missing = normalize(job('cloudtrail-detection', record), withCatalog);
    expect(missing.status === 'rejected' && missing.error.problems[0]?.path).toBe('detectionId');
    const unknown = normalize(job('cloudtrail-detection', record, { detectionId: 'nope' }), withCatalog);
    expect(unknown.status === 'rejected' && unknown.error.message).toContain('no detection "nope"');
    const noCatalog = normalize(
      job('cloudtrail-detection', record, { detectionId: 'iam-policy-change' }),
      options(),
    );
    expect(noCatalog.status === 'rejected' && noCatalog.error.message).toContain('no detection catalog');
  });

  it('matches bare CloudTrail records against the catalog, one alert per detection, actor and resource', () => {
    const result = normalize(job('unknown', fixture('cloudtrail/log-file.json')), withCatalog);
    const alerts = alertsOf(result);
    expect(alerts.map((a) => a.type)).toEqual([
      'iam-policy-change',
      'security-group-change',
      'root-account-usage',
    ]);
    expect(alerts[0]?.raw).toEqual([expect.objectContaining({ eventName: 'AttachUserPolicy' })]);
  });

  it('ignores CloudTrail records no detection matches, or that arrive without a catalog', () => {
    const record = { ...fixtureObject('cloudtrail/attach-user-policy.json'), eventName: 'ListUsers' };
    expect(normalize(job('unknown', record), withCatalog)).toMatchObject({
      status: 'ignored',
      reason: expect.stringContaining('ListUsers'),
    });
    expect(normalize(job('unknown', record), options())).toMatchObject({
      status: 'ignored',
      reason: expect.stringContaining('no detection catalog'),
    });
  });

  it('gives no alerts, not an error, for an empty GetFindings response', () => {
    expect(normalize(job('unknown', { findings: [] }), withCatalog)).toEqual({
      status: 'normalized',
      shape: 'guardduty-get-findings-response',
      alerts: [],
    });
  });

  it('rejects an unrecognized payload with InputUnrecognized and no shape', () => {
    const result = normalize(job('unknown', { what: 'is this' }), withCatalog);
    expect(result.status).toBe('rejected');
    if (result.status !== 'rejected') return;
    expect(result.error.code).toBe(ErrorCode.InputUnrecognized);
    expect(result).not.toHaveProperty('shape');
  });

  it('rejects a recognized shape with a bad field, naming the shape', () => {
    const result = normalize(
      job('unknown', { ...fixtureObject('guardduty/lambda-network.json'), severity: 'high' }),
      withCatalog,
    );
    expect(result).toMatchObject({ status: 'rejected', shape: 'guardduty-finding' });
    expect(result.status === 'rejected' && result.error.problems).toEqual([
      { path: 'severity', message: 'expected number, got string' },
    ]);
  });
});

describe('normalizeInput', () => {
  it('normalizes a bare input received now', () => {
    const result = normalizeInput(fixture('guardduty/eventbridge-redacted-dns.json'), options());
    expect(alertsOf(result)[0]?.firstSeen).toBe(NOW.toISOString());
  });
});
