import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultRunbooksDir, lintRunbooks, loadRunbooks } from '../../../src/incidents/runbooks/loader.js';
import { chooseRunbook } from '../../../src/incidents/runbooks/matcher.js';
import type { Runbook } from '../../../src/incidents/runbooks/schema.js';
import { renderStep } from '../../../src/incidents/runbooks/template.js';
import { packageRoot } from '../../../src/platform/paths.js';
import { makeAlert, subject } from './alert-fixture.js';

/** The runbooks shipped in workflows/runbooks, as production loads them. */
let runbooks: Runbook[];
beforeAll(async () => {
  runbooks = await loadRunbooks();
});

const GENERIC = new Set(['generic-fallback', 'guardduty-generic', 'cloudwatch-alarm-generic']);

const CIS_DETECTIONS = [
  'cis-root-account-usage',
  'cis-unauthorized-api-calls',
  'cis-console-signin-without-mfa',
  'cis-iam-policy-changes',
  'cis-cloudtrail-config-changes',
  'cis-console-auth-failures',
  'cis-kms-key-disable-or-deletion',
  'cis-s3-bucket-policy-changes',
  'cis-aws-config-changes',
  'cis-security-group-changes',
  'cis-network-acl-changes',
  'cis-network-gateway-changes',
  'cis-route-table-changes',
  'cis-vpc-changes',
  'cis-organizations-changes',
];

describe('shipped runbooks', () => {
  it('resolve from the package root and pass lint', async () => {
    expect(existsSync(join(defaultRunbooksDir(), 'generic-fallback.yaml'))).toBe(true);
    expect(await lintRunbooks()).toEqual([]);
  });

  it.each([
    ['Trojan:EC2/BlackholeTraffic!DNS', 'guardduty-ec2-instance'],
    ['CryptoCurrency:EC2/BitcoinTool.B!DNS', 'guardduty-ec2-instance'],
    ['Backdoor:EC2/C&CActivity.B!DNS', 'guardduty-ec2-instance'],
    ['Persistence:Kubernetes/SuccessfulAnonymousAccess', 'guardduty-eks-cluster'],
    ['Discovery:Kubernetes/TorIPCaller', 'guardduty-eks-cluster'],
    ['CredentialAccess:RDS/AnomalousBehavior.SuccessfulLogin', 'guardduty-rds-login'],
    ['PrivilegeEscalation:Runtime/DockerSocketAccessed', 'guardduty-runtime-monitoring'],
    ['UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS', 'guardduty-iam-credentials'],
    ['UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B', 'guardduty-iam-credentials'],
    ['UnauthorizedAccess:IAMUser/MaliciousIPCaller', 'guardduty-iam-credentials'],
    ['Policy:S3/BucketBlockPublicAccessDisabled', 'guardduty-s3-public-access'],
    ['Exfiltration:S3/AnomalousBehavior', 'guardduty-s3-bucket'],
    ['Execution:EC2/MaliciousFile', 'guardduty-malware-ec2'],
    ['Object:S3/MaliciousFile', 'guardduty-s3-malicious-object'],
    ['Backdoor:Lambda/C&CActivity.B', 'guardduty-lambda-function'],
    ['CryptoCurrency:Lambda/BitcoinTool.B', 'guardduty-lambda-function'],
    ['Policy:IAMUser/RootCredentialUsage', 'guardduty-root-credential-usage'],
    ['Stealth:IAMUser/CloudTrailLoggingDisabled', 'guardduty-cloudtrail-logging-disabled'],
  ])('give GuardDuty finding %s the specific runbook %s', (type, expected) => {
    const choice = chooseRunbook(runbooks, subject('guardduty', type));
    expect(choice?.runbook.id).toBe(expected);
    expect(GENERIC.has(choice?.runbook.id ?? '')).toBe(false);
  });

  it.each(CIS_DETECTIONS)('give CIS detection %s its own runbook-<id>', (detectionId) => {
    expect(chooseRunbook(runbooks, subject('cloudtrail-detection', detectionId))?.runbook.id).toBe(
      `runbook-${detectionId}`,
    );
  });

  it('cover every detection in workflows/detections with the runbook it names', () => {
    const dir = join(packageRoot(), 'workflows', 'detections');
    const detections = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')) : [];
    for (const file of detections) {
      const detection = parse(readFileSync(join(dir, file), 'utf8')) as { id?: unknown; runbookId?: unknown };
      if (typeof detection.id !== 'string' || typeof detection.runbookId !== 'string') continue;
      expect(chooseRunbook(runbooks, subject('cloudtrail-detection', detection.id))?.runbook.id, file).toBe(
        detection.runbookId,
      );
    }
  });

  it('give an unknown GuardDuty type the GuardDuty runbook, an alarm the alarm runbook, anything else the fallback', () => {
    expect(chooseRunbook(runbooks, subject('guardduty', 'Recon:Unknown/Thing'))?.runbook.id).toBe(
      'guardduty-generic',
    );
    expect(chooseRunbook(runbooks, subject('cloudwatch-alarm', 'prod api 5xx'))?.runbook.id).toBe(
      'cloudwatch-alarm-generic',
    );
    expect(chooseRunbook(runbooks, subject('cloudtrail-detection', 'custom-detection'))?.runbook.id).toBe(
      'generic-fallback',
    );
  });

  it('render every step of every runbook without unknown variables or a full access key', () => {
    const alert = makeAlert({
      actor: { principal: 'arn:aws:iam::210987654321:user/alice', accessKeyId: 'AKIAZZZZEXAMPLE7Q4W2' },
    });
    for (const runbook of runbooks) {
      for (const step of runbook.steps) {
        const rendered = renderStep(step, alert);
        const all = `${rendered.text} ${rendered.command ?? ''}`;
        expect(all, runbook.id).not.toContain('unknown variable');
        expect(all, runbook.id).not.toContain('AKIAZZZZEXAMPLE7Q4W2');
        expect(all, runbook.id).not.toContain('{{');
      }
    }
  });

  it('cite AWS or standards documentation over https', () => {
    for (const runbook of runbooks) {
      expect(
        runbook.references.some((r) => r.url?.startsWith('https://')),
        runbook.id,
      ).toBe(true);
    }
  });
});
