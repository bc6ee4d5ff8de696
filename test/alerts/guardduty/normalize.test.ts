import { describe, expect, it } from 'vitest';
import { alertSchema } from '../../../src/alerts/alert.js';
import {
  alertFromGuardDutyEvent,
  alertsFromGetFindingsResponse,
} from '../../../src/alerts/guardduty/containers.js';
import {
  alertFromGuardDutyFinding,
  alertFromGuardDutySdkFinding,
} from '../../../src/alerts/guardduty/normalize.js';
import { ErrorCode, InputError } from '../../../src/platform/errors.js';
import { context, fixture, fixtureObject, NOW, toSdkShape } from '../helpers.js';

const ctx = context();

function fromFixture(name: string) {
  const alert = alertFromGuardDutyFinding(fixture(`guardduty/${name}.json`), ctx);
  alertSchema.parse(alert);
  return alert;
}

describe('a GuardDuty finding (camelCase) becomes one alert', () => {
  it('keys an EC2 finding by its id and names the instance with its ARN and tags', () => {
    const alert = fromFixture('instance-backdoor');
    expect(alert).toMatchObject({
      dedupeKey: '7ab4c2d9e0f1a2b3c4d5e6f708192a3b',
      source: 'guardduty',
      accountId: '210987654321',
      region: 'eu-west-1',
      severity: 8,
      severityLabel: 'high',
      type: 'Backdoor:EC2/C&CActivity.B',
      title: 'EC2 instance i-0f1e2d3c4b5a69788 is communicating with a command and control server.',
      resource: {
        type: 'Instance',
        id: 'i-0f1e2d3c4b5a69788',
        arn: 'arn:aws:ec2:eu-west-1:210987654321:instance/i-0f1e2d3c4b5a69788',
        tags: { Name: 'web-frontend-2', team: 'storefront', owner: 'storefront-oncall@example.com' },
      },
      actor: { sourceIp: '203.0.113.77' },
      firstSeen: '2025-02-03T06:12:09.000Z',
      lastSeen: '2025-02-04T18:40:55.000Z',
      count: 14,
      revision: '2025-02-04T18:47:02.118Z',
    });
    expect(alert.alarmState).toBeUndefined();
    expect(alert.links.guardDutyFinding).toBe(
      'https://eu-west-1.console.aws.amazon.com/guardduty/home?region=eu-west-1#/findings?search=id%3D7ab4c2d9e0f1a2b3c4d5e6f708192a3b',
    );
  });

  it('names an EKS cluster and the anonymous Kubernetes user with the API call they made', () => {
    const alert = fromFixture('eks-anonymous-access');
    expect(alert.resource).toEqual({
      type: 'EKSCluster',
      id: 'payments-prod',
      arn: 'arn:aws:eks:eu-west-1:210987654321:cluster/payments-prod',
      tags: { team: 'payments', env: 'prod' },
    });
    expect(alert.actor).toEqual({
      principal: 'system:anonymous',
      sourceIp: '198.51.100.140',
      userAgent: 'kubectl/v1.29.1',
      api: 'list /api/v1/namespaces/kube-system/secrets',
    });
  });

  it('prefers the access key user as the actor of an EKS finding that has one, and links its CloudTrail history', () => {
    const alert = fromFixture('eks-tor-caller');
    expect(alert.actor).toMatchObject({
      principal: 'eks-deployer',
      accessKeyId: 'ASIAEXAMPLETOR00042',
      sourceIp: '192.0.2.201',
    });
    expect(alert.severityLabel).toBe('medium');
    expect(alert.links.cloudTrailEventHistory).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudtrailv2/home?region=eu-west-1#/events?Username=eks-deployer',
    );
  });

  it('names an RDS instance and the database user who logged in from where', () => {
    const alert = fromFixture('rds-anomalous-login');
    expect(alert.resource).toEqual({
      type: 'RDSDBInstance',
      id: 'orders-db-1',
      arn: 'arn:aws:rds:eu-west-1:210987654321:db:orders-db-1',
      tags: { 'data-class': 'confidential' },
    });
    expect(alert.actor).toEqual({ principal: 'reporting_ro', sourceIp: '203.0.113.9' });
  });

  it('survives a Runtime Monitoring finding: empty action, markdown junk, a non-hex uuid', () => {
    const alert = fromFixture('runtime-container');
    expect(alert.resource).toEqual({
      type: 'Container',
      id: '5b1e0c0ffee9',
      tags: { Name: 'ci-runner-3', team: 'platform' },
    });
    expect(alert.actor).toBeUndefined();
    expect(alert.count).toBe(6);
    expect(JSON.stringify(alert.resource)).not.toContain('](');
  });

  it('names the IAM user of an access key finding and the API, caller IP and user agent', () => {
    const alert = fromFixture('accesskey-malicious-ip');
    expect(alert.resource).toEqual({ type: 'AccessKey', id: 'deploy-bot', tags: {} });
    expect(alert.actor).toEqual({
      principal: 'deploy-bot',
      accessKeyId: 'AKIAEXAMPLEKEY123456',
      sourceIp: '192.0.2.50',
      userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64',
      api: 'ListBuckets',
    });
    expect(alert.count).toBe(27);
  });

  it('keeps the access key id unmasked: masking is the card layer’s job', () => {
    expect(fromFixture('accesskey-malicious-ip').actor?.accessKeyId).toBe('AKIAEXAMPLEKEY123456');
  });

  it('names an S3 bucket with its ARN and bucket tags, and the role session that changed it', () => {
    const alert = fromFixture('s3-bucket-public-access');
    expect(alert.resource).toEqual({
      type: 'S3Bucket',
      id: 'acme-invoices-archive',
      arn: 'arn:aws:s3:::acme-invoices-archive',
      tags: { 'data-class': 'restricted', owner: 'finance' },
    });
    expect(alert.severityLabel).toBe('low');
    expect(alert.actor).toMatchObject({
      principal: 'AdminRole',
      api: 'PutBucketPublicAccessBlock',
      sourceIp: '198.51.100.61',
    });
  });

  it('names a Lambda function with its ARN and tags', () => {
    const alert = fromFixture('lambda-network');
    expect(alert.resource).toEqual({
      type: 'Lambda',
      id: 'thumbnail-resizer',
      arn: 'arn:aws:lambda:eu-west-1:210987654321:function:thumbnail-resizer',
      tags: { service: 'media', owner: 'media-team' },
    });
    expect(alert.actor).toEqual({ sourceIp: '203.0.113.200' });
  });

  it('keeps the input as received in raw', () => {
    const input = fixture('guardduty/lambda-network.json');
    expect(alertFromGuardDutyFinding(input, ctx).raw).toBe(input);
  });

  it.each([
    [0, 'low'],
    [3.9, 'low'],
    [4, 'medium'],
    [6.9, 'medium'],
    [7, 'high'],
    [8.9, 'high'],
    [9, 'critical'],
    [10, 'critical'],
  ] as const)('bands severity %s as %s', (severity, label) => {
    const input = { ...fixtureObject('guardduty/lambda-network.json'), severity };
    expect(alertFromGuardDutyFinding(input, ctx)).toMatchObject({ severity, severityLabel: label });
  });

  it('clamps a severity outside 0–10 rather than emitting an invalid alert', () => {
    const input = { ...fixtureObject('guardduty/lambda-network.json'), severity: 42 };
    expect(alertFromGuardDutyFinding(input, ctx)).toMatchObject({ severity: 10, severityLabel: 'critical' });
  });

  it.each([
    [0, 1],
    [2.7, 2],
    [2 ** 53, Number.MAX_SAFE_INTEGER],
  ])('turns a count of %s into %s, which the Alert schema accepts', (count, expected) => {
    const input = fixtureObject('guardduty/lambda-network.json');
    const service = { ...(input.service as Record<string, unknown>), count };
    expect(alertFromGuardDutyFinding({ ...input, service }, ctx).count).toBe(expected);
  });

  it('falls back to the type when title and description are missing, and to count 1 without a service block', () => {
    const {
      title: _t,
      description: _d,
      service: _s,
      ...rest
    } = fixtureObject('guardduty/lambda-network.json');
    const alert = alertFromGuardDutyFinding(rest, ctx);
    expect(alert).toMatchObject({
      title: 'Backdoor:Lambda/C&CActivity.B',
      count: 1,
      lastSeen: '2025-02-15T03:35:12.000Z',
    });
    expect(alert.firstSeen).toBe('2025-02-15T01:04:10.000Z');
  });

  it('names the account when a finding has no resource block at all', () => {
    const { resource: _r, ...rest } = fixtureObject('guardduty/lambda-network.json');
    expect(alertFromGuardDutyFinding(rest, ctx).resource).toEqual({
      type: 'Unknown',
      id: '210987654321',
      tags: {},
    });
  });

  it('rejects a finding without an id, naming the field', () => {
    const { id: _id, ...rest } = fixtureObject('guardduty/instance-backdoor.json');
    expect(() => alertFromGuardDutyFinding(rest, ctx)).toThrow(/id: missing \(expected string\)/);
  });

  it('rejects a finding whose count is not a number, naming the path', () => {
    const input = fixtureObject('guardduty/instance-backdoor.json');
    const service = { ...(input.service as Record<string, unknown>), count: '14' };
    const error = captureInputError(() => alertFromGuardDutyFinding({ ...input, service }, ctx));
    expect(error.code).toBe(ErrorCode.InputInvalid);
    expect(error.problems).toEqual([{ path: 'service.count', message: 'expected number, got string' }]);
    expect(error.message).toContain('GuardDuty finding');
  });
});

describe('a GuardDuty finding from SDK v3 (PascalCase)', () => {
  it('gives the same alert as its wire form, except raw', () => {
    for (const name of [
      'instance-backdoor',
      'eks-tor-caller',
      's3-bucket-public-access',
      'lambda-network',
      'runtime-container',
    ]) {
      const wire = fixture(`guardduty/${name}.json`);
      const { raw: _a, ...fromWire } = alertFromGuardDutyFinding(wire, ctx);
      const { raw: _b, ...fromSdk } = alertFromGuardDutySdkFinding(toSdkShape(wire), ctx);
      expect(fromSdk).toEqual(fromWire);
    }
  });

  it('reads the committed SDK fixture', () => {
    const alert = alertFromGuardDutySdkFinding(fixture('guardduty/sdk-accesskey-finding.json'), ctx);
    expect(alert).toMatchObject({
      dedupeKey: 'b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2',
      resource: { type: 'AccessKey', id: 'deploy-bot' },
    });
  });

  it('accepts Date objects where the SDK deserializes timestamps', () => {
    const sdk = toSdkShape(fixture('guardduty/s3-bucket-public-access.json')) as Record<string, unknown>;
    const resource = sdk.Resource as { S3BucketDetails: Array<Record<string, unknown>> };
    resource.S3BucketDetails[0] = {
      ...resource.S3BucketDetails[0],
      CreatedAt: new Date('2023-01-01T00:00:00Z'),
    };
    expect(alertFromGuardDutySdkFinding(sdk, ctx).resource.id).toBe('acme-invoices-archive');
  });

  it('names failing fields in PascalCase, as the caller wrote them', () => {
    const sdk = toSdkShape(fixture('guardduty/instance-backdoor.json')) as Record<string, unknown>;
    const service = { ...(sdk.Service as Record<string, unknown>), Count: 'many' };
    expect(() => alertFromGuardDutySdkFinding({ ...sdk, Service: service }, ctx)).toThrow(
      /Service\.Count: expected number/,
    );
  });
});

describe('a GuardDuty EventBridge event', () => {
  it('survives redacted dates and account: receive time stands in for dates, the revision stays stable, the account is kept', () => {
    const alert = alertFromGuardDutyEvent(fixture('guardduty/eventbridge-redacted-dns.json'), ctx);
    expect(alert).toMatchObject({
      dedupeKey: '3e5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e',
      accountId: 'XXXXXXXXXXXX',
      region: 'ap-southeast-2',
      firstSeen: NOW.toISOString(),
      lastSeen: NOW.toISOString(),
      revision: 'raw:XXXX-XX-XXTXX:XX:XXZ#412',
      count: 412,
      resource: { type: 'Instance', id: 'i-0ab12cd34ef56ab78', tags: {} },
    });
    expect(alert.actor).toBeUndefined();
  });

  it('takes account and region from the envelope when the finding omits them', () => {
    const event = fixtureObject('guardduty/eventbridge-redacted-dns.json');
    const { accountId: _a, region: _r, arn: _arn, ...detail } = event.detail as Record<string, unknown>;
    const alert = alertFromGuardDutyEvent({ ...event, detail }, ctx);
    expect(alert).toMatchObject({ accountId: 'XXXXXXXXXXXX', region: 'ap-southeast-2' });
  });

  it('names failing detail fields under detail.', () => {
    const event = fixtureObject('guardduty/eventbridge-redacted-dns.json');
    const detail = { ...(event.detail as Record<string, unknown>), type: 7 };
    expect(() => alertFromGuardDutyEvent({ ...event, detail }, ctx)).toThrow(
      /detail\.type: expected string, got number/,
    );
  });

  it('rejects an event of another detail-type', () => {
    const event = {
      ...fixtureObject('guardduty/eventbridge-redacted-dns.json'),
      'detail-type': 'GuardDuty Malware Scan',
    };
    expect(() => alertFromGuardDutyEvent(event, ctx)).toThrow(/detail-type: expected "GuardDuty Finding"/);
  });
});

describe('a GetFindings response', () => {
  it('gives one alert per finding, each keeping its own finding as raw', () => {
    const alerts = alertsFromGetFindingsResponse(fixture('guardduty/get-findings-response.json'), ctx);
    expect(alerts.map((a) => a.resource.id)).toEqual(['i-0f1e2d3c4b5a69788', 'orders-db-1']);
    expect(alerts[1]?.raw).toMatchObject({ id: '9e1c3a5b7d9f1b3d5f7b9d1f3b5d7f9a' });
  });

  it('gives no alerts for an empty response', () => {
    expect(alertsFromGetFindingsResponse(fixture('guardduty/get-findings-empty.json'), ctx)).toEqual([]);
  });

  it('reads the SDK response shape { Findings: [...] }', () => {
    const sdk = {
      $metadata: { httpStatusCode: 200 },
      Findings: [toSdkShape(fixture('guardduty/lambda-network.json'))],
    };
    expect(alertsFromGetFindingsResponse(sdk, ctx).map((a) => a.type)).toEqual([
      'Backdoor:Lambda/C&CActivity.B',
    ]);
  });

  it('names the failing finding by its index', () => {
    const response = { findings: [fixture('guardduty/lambda-network.json'), { id: 'x' }] };
    expect(() => alertsFromGetFindingsResponse(response, ctx)).toThrow(/findings\[1\]\.type: missing/);
  });
});

function captureInputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}
