import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/alerts/alert.js';
import { detectShape } from '../../../src/alerts/detect-shape.js';
import { normalizeInput } from '../../../src/alerts/normalize.js';
import type { NormalizeResult } from '../../../src/alerts/result.js';
import { fixture, fixtureObject, options } from '../helpers.js';

function alertsOf(result: NormalizeResult): readonly Alert[] {
  if (result.status !== 'normalized') throw new Error(`expected alerts, got ${JSON.stringify(result)}`);
  return result.alerts;
}

function only(result: NormalizeResult): Alert {
  const alerts = alertsOf(result);
  expect(alerts).toHaveLength(1);
  return alerts[0] as Alert;
}

/** The fixture's one finding, changed by `edit`, back in its event. */
function withFinding(path: string, edit: (finding: Record<string, unknown>) => void): unknown {
  const event = fixtureObject(path) as { detail: { findings: Array<Record<string, unknown>> } };
  const finding = event.detail.findings[0];
  if (!finding) throw new Error('fixture has no finding');
  edit(finding);
  return event;
}

describe('Security Hub ASFF shapes', () => {
  it('tells a raw ASFF finding from a GuardDuty SDK finding (both PascalCase, both with SchemaVersion)', () => {
    expect(detectShape(fixture('securityhub/asff-inspector-finding.json'))).toBe('securityhub-asff-finding');
    expect(detectShape(fixture('guardduty/sdk-accesskey-finding.json'))).toBe('guardduty-sdk-finding');
    expect(detectShape(fixture('securityhub/get-findings-response.json'))).toBe(
      'securityhub-get-findings-response',
    );
    expect(detectShape(fixture('securityhub/eventbridge-inspector.json'))).toBe(
      'eventbridge-securityhub-findings',
    );
  });

  it('normalizes a raw ASFF finding instead of failing with "Type missing"', () => {
    const alert = only(normalizeInput(fixture('securityhub/asff-inspector-finding.json'), options()));
    expect(alert).toMatchObject({
      source: 'securityhub',
      type: 'Software and Configuration Checks/Vulnerabilities/CVE',
      severityLabel: 'critical',
      severity: 9,
      resource: { type: 'AwsEc2Instance', id: 'i-04c3b2a1f0e9d8c76', tags: { team: 'payments' } },
      links: { remediation: 'https://nvd.nist.gov/vuln/detail/CVE-2024-6387' },
    });
    expect(alert.description).toContain('Reported by Inspector through Security Hub.');
    expect(alert.description).toContain('Remediation: Update openssh-server');
  });
});

describe('a Security Hub Findings - Imported event, per product', () => {
  it('keeps a GuardDuty finding as GuardDuty: its finding id, type and score, as the direct path has them', () => {
    const alert = only(normalizeInput(fixture('securityhub/eventbridge-guardduty.json'), options()));
    const direct = only(normalizeInput(fixture('guardduty/instance-backdoor.json'), options()));
    expect(alert).toMatchObject({
      source: 'guardduty',
      dedupeKey: direct.dedupeKey,
      type: direct.type,
      severity: direct.severity,
      revision: direct.revision,
      accountId: direct.accountId,
      region: direct.region,
    });
  });

  it("takes GuardDuty's own score from FindingProviderFields when Severity.Product is gone", () => {
    const event = withFinding('securityhub/eventbridge-guardduty.json', (f) => {
      f.Severity = { Label: 'HIGH', Normalized: 60 };
    });
    expect(only(normalizeInput(event, options()))).toMatchObject({ severity: 8, severityLabel: 'high' });
  });

  it('names an Access Analyzer finding, its bucket and its remediation page', () => {
    const alert = only(normalizeInput(fixture('securityhub/eventbridge-access-analyzer.json'), options()));
    expect(alert).toMatchObject({
      source: 'securityhub',
      severityLabel: 'high',
      severity: 7,
      type: 'Software and Configuration Checks/AWS Security Best Practices/External Access Granted',
      resource: { type: 'AwsS3Bucket', id: 'acme-exports-210987654321' },
      links: {
        remediation:
          'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-findings-remediate.html',
      },
    });
    expect(alert.description).toContain('IAM Access Analyzer');
  });

  it('types a CSPM control finding by its control id, with the control on the title', () => {
    const alert = only(normalizeInput(fixture('securityhub/eventbridge-control-failed.json'), options()));
    expect(alert).toMatchObject({
      source: 'securityhub',
      type: 'IAM.9',
      title: 'IAM.9 MFA should be enabled for the root user',
      severityLabel: 'critical',
      resource: { type: 'AwsAccount', id: 'AWS::::Account:210987654321' },
    });
    expect(alert.alarmState).toBeUndefined();
  });

  it('types a Config finding by its rule name', () => {
    const alert = only(normalizeInput(fixture('securityhub/eventbridge-config.json'), options()));
    expect(alert).toMatchObject({
      source: 'securityhub',
      type: 's3-bucket-versioning-enabled',
      severityLabel: 'medium',
      resource: { id: 'acme-logs-210987654321' },
    });
    expect(alert.description).toContain('Config rule: s3-bucket-versioning-enabled');
  });

  it('reads Macie and a third-party product from a GetFindings response, refusing an unsafe remediation URL', () => {
    const [macie, thirdParty] = alertsOf(
      normalizeInput(fixture('securityhub/get-findings-response.json'), options()),
    );
    expect(macie).toMatchObject({
      source: 'securityhub',
      type: 'Sensitive Data Identifications/PII/SensitiveData:S3Object-Personal',
      resource: { id: 'acme-crm-exports-210987654321', tags: { data: 'customer' } },
    });
    expect(macie?.description).toContain('(and 1 more)');
    expect(thirdParty).toMatchObject({
      source: 'securityhub',
      severityLabel: 'medium',
      type: 'Unusual Behaviors/Process/Reverse Shell',
      links: {},
      actor: { sourceIp: '10.42.9.12' },
    });
    expect(thirdParty?.description).toContain('Reported by ExampleCorp Sentinel EDR');
  });

  it('unwraps the event from an SNS Notification', () => {
    const alert = only(normalizeInput(fixture('securityhub/sns-access-analyzer.json'), options()));
    expect(alert.resource.id).toBe('acme-exports-210987654321');
  });
});

describe('Security Hub findings that are done', () => {
  it.each([
    ['workflow RESOLVED', (f: Record<string, unknown>) => (f.Workflow = { Status: 'RESOLVED' })],
    ['workflow SUPPRESSED', (f: Record<string, unknown>) => (f.Workflow = { Status: 'SUPPRESSED' })],
    ['record ARCHIVED', (f: Record<string, unknown>) => (f.RecordState = 'ARCHIVED')],
  ])('recover their incident when %s', (_, edit) => {
    const alert = only(
      normalizeInput(withFinding('securityhub/eventbridge-inspector.json', edit), options()),
    );
    expect(alert.alarmState).toBe('OK');
  });

  it('recover when a control passes, even though a passed control is INFORMATIONAL', () => {
    const event = withFinding('securityhub/eventbridge-control-failed.json', (f) => {
      f.Compliance = { Status: 'PASSED', SecurityControlId: 'IAM.9' };
      f.Severity = { Label: 'INFORMATIONAL', Normalized: 0 };
    });
    expect(only(normalizeInput(event, options())).alarmState).toBe('OK');
  });

  it('a GuardDuty finding archived in Security Hub recovers the direct incident (same dedupe key)', () => {
    const event = withFinding('securityhub/eventbridge-guardduty.json', (f) => (f.RecordState = 'ARCHIVED'));
    const alert = only(normalizeInput(event, options()));
    expect(alert).toMatchObject({ dedupeKey: '7ab4c2d9e0f1a2b3c4d5e6f708192a3b', alarmState: 'OK' });
  });

  it('NOTIFIED keeps the incident open: someone was told, nothing was fixed', () => {
    const event = withFinding(
      'securityhub/eventbridge-inspector.json',
      (f) => (f.Workflow = { Status: 'NOTIFIED' }),
    );
    const alert = only(normalizeInput(event, options()));
    expect(alert.alarmState).toBeUndefined();
    expect(alert.description).toContain('Workflow status: NOTIFIED');
  });

  it('ignores an active INFORMATIONAL finding with a reason', () => {
    const event = withFinding(
      'securityhub/eventbridge-inspector.json',
      (f) => (f.Severity = { Label: 'INFORMATIONAL' }),
    );
    const result = normalizeInput(event, options());
    expect(result).toMatchObject({ status: 'ignored', reason: expect.stringMatching(/INFORMATIONAL/) });
  });
});

describe('Security Hub inputs that cannot make an alert', () => {
  it('names the missing field inside the event', () => {
    const event = withFinding('securityhub/eventbridge-inspector.json', (f) => delete f.Resources);
    const result = normalizeInput(event, options());
    expect(result.status).toBe('rejected');
    if (result.status !== 'rejected') return;
    expect(result.error.problems[0]?.path).toBe('detail.findings[0].Resources');
  });

  it('refuses a severity label ASFF does not have', () => {
    const event = withFinding(
      'securityhub/eventbridge-inspector.json',
      (f) => (f.Severity = { Label: 'SEVERE' }),
    );
    const result = normalizeInput(event, options());
    expect(result.status).toBe('rejected');
    if (result.status !== 'rejected') return;
    expect(result.error.problems[0]).toMatchObject({
      path: 'detail.findings[0].Severity.Label',
      message: expect.stringMatching(/expected one of "INFORMATIONAL"/),
    });
  });
});

describe('Security Hub OCSF findings (Findings Imported V2)', () => {
  it('normalizes the finding with its severity, resource and remediation reference', () => {
    const alert = only(normalizeInput(fixture('securityhub/eventbridge-ocsf-inspector.json'), options()));
    expect(alert).toMatchObject({
      source: 'securityhub',
      severityLabel: 'critical',
      title: 'CVE-2024-3094 - xz-utils',
      type: 'Software and Configuration Checks/Vulnerabilities/CVE',
      accountId: '210987654321',
      region: 'eu-west-1',
      resource: { type: 'AWS::EC2::Instance', id: 'i-06f5e4d3c2b1a0987', tags: { team: 'build' } },
      links: { remediation: 'https://nvd.nist.gov/vuln/detail/CVE-2024-3094' },
    });
  });

  it('recovers when the finding is closed', () => {
    const event = withFinding('securityhub/eventbridge-ocsf-inspector.json', (f) => {
      f.activity_name = 'Close';
    });
    expect(only(normalizeInput(event, options())).alarmState).toBe('OK');
  });
});
