import { beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertFact } from '../../../src/alerts/alert.js';
import { loadRunbooks } from '../../../src/incidents/runbooks/loader.js';
import { chooseRunbook } from '../../../src/incidents/runbooks/matcher.js';
import type { Runbook } from '../../../src/incidents/runbooks/schema.js';
import { applicableStepIndexes, renderRunbookSteps } from '../../../src/incidents/runbooks/template.js';
import { makeAlert } from './alert-fixture.js';
import { fixtureAlerts } from './fixture-alerts.js';

/** The shipped runbooks, rendered for who actually acted and what was actually hit. */

let runbooks: Runbook[];
beforeAll(async () => {
  runbooks = await loadRunbooks();
});

const fact = (label: string, value: string): AlertFact => ({ label, value, kind: 'text' });

function rendered(alert: Alert): { id: string; all: string; commands: string[] } {
  const runbook = chooseRunbook(runbooks, alert)?.runbook;
  if (!runbook) throw new Error('no runbook');
  const steps = renderRunbookSteps(runbook, alert);
  return {
    id: runbook.id,
    all: steps.map((s) => `${s.text}\n${s.command ?? ''}`).join('\n'),
    commands: steps.flatMap((s) => (s.command ? [s.command] : [])),
  };
}

const credentialFinding = (actor: Alert['actor'], facts: AlertFact[] = []) =>
  makeAlert({
    type: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
    resource: { type: 'AccessKey', id: actor?.principal ?? 'x', tags: {} },
    actor,
    facts,
  });

describe('credentials runbook, by principal and key', () => {
  it('a role session with a temporary key: revoke the role sessions, never "deactivate the long-term key"', () => {
    const out = rendered(
      credentialFinding(
        { principal: 'web-app-role', accessKeyId: 'ASIAZZZZEXAMPLE7Q4W2', api: 'ListBuckets' },
        [fact('Caller', 'role web-app-role, session i-0abc')],
      ),
    );
    expect(out.id).toBe('guardduty-iam-credentials');
    expect(out.commands).toContainEqual(
      expect.stringContaining('aws iam put-role-policy --role-name web-app-role'),
    );
    expect(
      out.all.match(/update-access-key|long-term|user-name|IAM user name|<[^>]*unknown/)?.[0],
    ).toBeUndefined();
  });

  it('an IAM user with a long-term key: deactivate that key for that user', () => {
    const out = rendered(credentialFinding({ principal: 'deploy-bot', accessKeyId: 'AKIAZZZZEXAMPLE7Q4W2' }));
    expect(out.commands).toContainEqual(
      expect.stringMatching(
        /^aws iam update-access-key --user-name deploy-bot --access-key-id "\$\{ACCESS_KEY_ID:\?/,
      ),
    );
    expect(out.all.match(/put-role-policy|role-name|<[^>]*unknown/)?.[0]).toBeUndefined();
  });

  it("an IAM user's temporary key: deny the user's sessions, since deactivating a long-term key would not end it", () => {
    const out = rendered(
      credentialFinding({ principal: 'alice', accessKeyId: 'ASIAZZZZEXAMPLE7Q4W2' }, [
        fact('Caller', 'user alice'),
      ]),
    );
    expect(out.commands).toContainEqual(expect.stringContaining('aws iam put-user-policy --user-name alice'));
    expect(out.all.match(/update-access-key|put-role-policy/)?.[0]).toBeUndefined();
  });

  it('an AWS service is not the actor: find who asked it, never "confirm with the owner of iam.amazonaws.com"', () => {
    const out = rendered(credentialFinding({ principal: 'iam.amazonaws.com', api: 'CreateUser' }));
    expect(out.all).toContain('came through the AWS service iam.amazonaws.com');
    expect(
      out.all.match(/owner of iam\.amazonaws\.com|update-access-key|put-role-policy/)?.[0],
    ).toBeUndefined();
  });

  it('a bare name with a temporary key: look up whether it is a user or a role first, with a runnable command', () => {
    const out = rendered(credentialFinding({ principal: 'build-bot', accessKeyId: 'ASIAZZZZEXAMPLE7Q4W2' }));
    expect(out.all).toContain('does not say whether it is an IAM user or a role session');
    expect(out.commands[0]).toMatch(
      /^aws cloudtrail lookup-events .*AttributeKey=AccessKeyId,AttributeValue="\$\{ACCESS_KEY_ID/,
    );
    expect(out.all.match(/update-access-key|put-role-policy|put-user-policy/)?.[0]).toBeUndefined();
  });

  it('counts only the steps that apply (the checklist and progress use these indexes)', async () => {
    const runbook = runbooks.find((r) => r.id === 'guardduty-iam-credentials');
    if (!runbook) throw new Error('missing runbook');
    const role = credentialFinding({ principal: 'web-app-role', accessKeyId: 'ASIAZZZZEXAMPLE7Q4W2' }, [
      fact('Caller', 'role web-app-role, session i-0abc'),
    ]);
    const indexes = applicableStepIndexes(runbook, role);
    expect(indexes.length).toBeLessThan(runbook.steps.length);
    expect(renderRunbookSteps(runbook, role).map((s) => s.index)).toEqual(indexes);
  });
});

describe('runbook choice by resource kind and role', () => {
  it.each([
    ['Execution:EC2/MaliciousFile!AMI', [], 'guardduty-malware-ami'],
    ['Execution:EC2/MaliciousFile', [fact('Scanned', 'AMI ami-0123456789abcdef0')], 'guardduty-malware-ami'],
    ['Execution:EC2/MaliciousFile!Snapshot', [], 'guardduty-malware-snapshot'],
    [
      'Execution:EC2/MaliciousFile',
      [fact('Scanned', 'EBS snapshot snap-0123456789abcdef0')],
      'guardduty-malware-snapshot',
    ],
    ['Execution:EC2/MaliciousFile!RecoveryPoint', [], 'guardduty-malware-backup'],
    ['Execution:S3/MaliciousFile!RecoveryPoint', [], 'guardduty-malware-backup'],
    [
      'Execution:EC2/MaliciousFile',
      [fact('Scanned', 'EBS volume vol-0123456789abcdef0')],
      'guardduty-malware-ebs-volume',
    ],
    ['Execution:ECS/MaliciousFile', [], 'guardduty-malware-container'],
    ['Execution:Kubernetes/SuspiciousFile', [], 'guardduty-malware-container'],
    ['Execution:EC2/MaliciousFile', [], 'guardduty-malware-ec2'],
    ['Object:S3/MaliciousFile', [], 'guardduty-s3-malicious-object'],
  ])('%s %j gets %s', (type, facts, id) => {
    expect(chooseRunbook(runbooks, makeAlert({ type, facts }))?.runbook.id).toBe(id);
  });

  it('malware in an AMI runs the image commands on the AMI id, never describe-instances with the account id', () => {
    const out = rendered(
      makeAlert({
        type: 'Execution:EC2/MaliciousFile!AMI',
        resource: { type: 'EC2Image', id: '210987654321', tags: {} },
        facts: [fact('Scanned', 'AMI ami-0123456789abcdef0')],
      }),
    );
    expect(out.commands).toContainEqual(expect.stringContaining('--image-id ami-0123456789abcdef0'));
    expect(out.all.match(/--instance-ids? 210987654321|modify-instance-attribute/)?.[0]).toBeUndefined();
  });

  it('malware in an AMI whose id the alert lacks says where to find it, with no placeholder command', () => {
    const out = rendered(
      makeAlert({
        type: 'Execution:EC2/MaliciousFile!AMI',
        resource: { type: 'EC2Image', id: '210987654321', tags: {} },
      }),
    );
    expect(out.commands).toEqual([]);
    expect(out.all.match(/[<>]|210987654321/)?.[0]).toBeUndefined();
  });

  it.each([
    [[fact('Direction', 'Inbound')], 'guardduty-ec2-brute-force-target'],
    [[], 'guardduty-ec2-brute-force-target'],
    [[fact('Direction', 'Outbound')], 'guardduty-ec2-instance'],
  ])('SSH brute force with %j gets %s', (facts, id) => {
    const alert = makeAlert({
      type: 'UnauthorizedAccess:EC2/SSHBruteForce',
      facts,
      actor: { sourceIp: '198.51.100.23' },
    });
    expect(chooseRunbook(runbooks, alert)?.runbook.id).toBe(id);
  });

  it('the target of brute force is hardened and watched, not isolated or terminated', () => {
    const out = rendered(
      makeAlert({
        type: 'UnauthorizedAccess:EC2/SSHBruteForce',
        facts: [fact('Direction', 'Inbound')],
        actor: { sourceIp: '198.51.100.23' },
      }),
    );
    expect(out.all).toContain('is the target');
    expect(out.all.match(/isolation security group|terminate|create-snapshot/i)?.[0]).toBeUndefined();
  });

  it('an outbound connection names the far end as the remote server, not the source', () => {
    const out = rendered(
      makeAlert({
        type: 'Backdoor:EC2/C&CActivity.B',
        facts: [fact('Direction', 'Outbound')],
        actor: { sourceIp: '203.0.113.77' },
      }),
    );
    expect(out.all).toContain('connected out to 203.0.113.77: that is the remote server');
    expect(out.all).not.toContain('was reached from');
  });

  it('a container runtime finding isolates the host instance, never an instance with the container id', async () => {
    const runtime = (await fixtureAlerts()).find((f) =>
      f.label.startsWith('guardduty/runtime-container.json'),
    );
    if (!runtime) throw new Error('fixture missing');
    const out = rendered(runtime.alert);
    expect(out.commands).not.toContainEqual(
      expect.stringContaining(`--instance-id ${runtime.alert.resource.id}`),
    );
  });
});
