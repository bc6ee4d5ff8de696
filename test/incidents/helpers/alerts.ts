import type { Alert } from '../../../src/alerts/alert.js';

/** A GuardDuty alert with this suite's own values; override what a test is about. */
export function guardDutyAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    dedupeKey: 'gd-7f3a9c21e0b44d5e8a1b2c3d4e5f6071',
    source: 'guardduty',
    accountId: '210987654321',
    region: 'eu-central-1',
    severity: 8,
    severityLabel: 'high',
    type: 'UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom',
    title: 'API DescribeInstances invoked from a listed malicious IP',
    description: 'An API was invoked from the IP address 198.51.100.77 on a custom threat list.',
    resource: { type: 'AccessKey', id: 'svc-reporting', tags: { team: 'payments' } },
    actor: { principal: 'svc-reporting', sourceIp: '198.51.100.77', api: 'DescribeInstances' },
    firstSeen: '2025-03-01T10:00:00.000Z',
    lastSeen: '2025-03-01T10:00:00.000Z',
    count: 1,
    revision: '2025-03-01T10:00:00.000Z',
    links: {},
    raw: {},
    ...overrides,
  };
}

export function alarmAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    dedupeKey: 'arn:aws:cloudwatch:eu-central-1:210987654321:alarm:root-login-watch',
    source: 'cloudwatch-alarm',
    accountId: '210987654321',
    region: 'eu-central-1',
    severity: 9.5,
    severityLabel: 'critical',
    type: 'root-login-watch',
    title: 'ALARM: root-login-watch',
    description: 'Threshold Crossed: 1 datapoint [1.0] was greater than or equal to the threshold (1.0).',
    resource: { type: 'AWS::CloudWatch::Alarm', id: 'root-login-watch', tags: {} },
    firstSeen: '2025-03-01T10:00:00.000Z',
    lastSeen: '2025-03-01T10:00:00.000Z',
    count: 1,
    alarmState: 'ALARM',
    revision: '2025-03-01T10:00:00.000+0000',
    links: {},
    raw: {},
    ...overrides,
  };
}
