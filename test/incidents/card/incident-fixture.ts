import type { Incident } from '../../../src/incidents/incident.js';
import type { Runbook } from '../../../src/incidents/runbooks/schema.js';

/** A triggered GuardDuty incident with this suite's own values; override what a test is about. */
export function makeIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'INC-k3x9q2',
    status: 'triggered',
    escalationLevel: 0,
    severity: 8.2,
    severityLabel: 'high',
    source: 'guardduty',
    type: 'UnauthorizedAccess:IAMUser/MaliciousIPCaller',
    title: 'API GetSecretValue was invoked from a known malicious IP address.',
    description: 'An API was used to access a resource from a known malicious IP address (198.51.100.99).',
    accountId: '432109876543',
    accountAlias: 'payments-prod',
    region: 'eu-central-1',
    resource: { type: 'AccessKey', id: 'ci-deployer', tags: { owner: 'platform' } },
    actor: {
      principal: 'arn:aws:iam::432109876543:user/ci-deployer',
      accessKeyId: 'AKIAQQQQEXAMPLE3H8N5',
      sourceIp: '198.51.100.99',
      api: 'GetSecretValue',
      userAgent: 'aws-cli/2.15.0',
    },
    links: {
      guardDutyFinding:
        'https://eu-central-1.console.aws.amazon.com/guardduty/home?region=eu-central-1#/findings?fId=abc123',
      cloudTrailEventHistory:
        'https://eu-central-1.console.aws.amazon.com/cloudtrail/home?region=eu-central-1#/events?AccessKeyId=AKIAQQQQEXAMPLE3H8N5',
    },
    dedupeKeys: ['aa11bb22cc33dd44ee55ff6677889900'],
    owner: { team: 'platform', source: 'tag:owner', channel: 'C0PLATFORM', userGroup: 'S0PLATFORM' },
    runbookId: 'guardduty-iam-credentials',
    runbookSteps: {},
    occurrences: 4,
    firstSeen: '2025-06-01T08:00:00.000Z',
    lastSeen: '2025-06-01T09:30:00.000Z',
    openedAt: '2025-06-01T08:01:00.000Z',
    reopenedCount: 0,
    version: 3,
    ...overrides,
  };
}

export function makeRunbook(steps: number, overrides: Partial<Runbook> = {}): Runbook {
  return {
    id: 'test-runbook',
    title: 'Test runbook',
    match: { fallback: true },
    steps: Array.from({ length: steps }, (_, i) => ({
      text: `Step ${i + 1}: look at {{resource.id}} in {{region}}`,
      ...(i % 2 === 0
        ? { command: `aws iam get-user --user-name {{resource.id}} --region {{region}} # ${i + 1}` }
        : {}),
    })),
    references: [
      { title: 'Reference', url: 'https://docs.aws.amazon.com/guardduty/latest/ug/compromised-creds.html' },
    ],
    frameworks: ['RS.MI-01'],
    ...overrides,
  };
}
