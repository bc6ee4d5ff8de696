import type { Alert, AlertSource } from '../../../src/alerts/alert.js';

/** A valid Alert with this test suite's own values; override what a test is about. */
export function makeAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    dedupeKey: 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
    source: 'guardduty',
    accountId: '210987654321',
    region: 'eu-west-3',
    severity: 8,
    severityLabel: 'high',
    type: 'Trojan:EC2/BlackholeTraffic!DNS',
    title: 'EC2 instance i-0fedcba9876543210 is querying a black-holed domain.',
    description: 'The instance queried a domain name that is sink-holed.',
    resource: { type: 'Instance', id: 'i-0fedcba9876543210', tags: { team: 'payments' } },
    actor: {
      principal: 'build-bot',
      accessKeyId: 'AKIAZZZZEXAMPLE7Q4W2',
      sourceIp: '198.51.100.23',
      api: 'GetObject',
    },
    firstSeen: '2025-03-04T05:06:07.000Z',
    lastSeen: '2025-03-05T05:06:07.000Z',
    count: 3,
    revision: '2025-03-05T05:06:07.500Z',
    links: {},
    raw: {},
    ...overrides,
  };
}

export function subject(source: AlertSource, type: string): { source: AlertSource; type: string } {
  return { source, type };
}
