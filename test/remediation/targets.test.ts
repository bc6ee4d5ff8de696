import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/incidents/incident.js';
import { remediationConfigSchema } from '../../src/platform/config/remediation.js';
import { actionsFor } from '../../src/remediation/policy.js';
import { targetsOf } from '../../src/remediation/targets.js';

function incident(resource: Incident['resource'], actor?: Incident['actor']): Incident {
  return {
    id: 'INC-T1',
    status: 'triggered',
    escalationLevel: 0,
    severity: 8,
    severityLabel: 'high',
    source: 'guardduty',
    type: 'Test:Type/Example',
    title: 't',
    description: 'd',
    accountId: '444455556666',
    region: 'eu-west-1',
    resource,
    ...(actor ? { actor } : {}),
    links: {},
    dedupeKeys: ['k'],
    runbookId: '',
    runbookSteps: {},
    occurrences: 1,
    firstSeen: '2026-12-04T00:00:00Z',
    lastSeen: '2026-12-04T00:00:00Z',
    openedAt: '2026-12-04T00:00:00Z',
    reopenedCount: 0,
    version: 1,
  };
}
const on = remediationConfigSchema.parse({ enabled: true });
const ids = (i: Incident) => actionsFor(on, i).map((a) => a.id);

describe('what an incident lets containment act on', () => {
  it('a GuardDuty access-key finding of an IAM user: the key and the console password', () => {
    const i = incident(
      { type: 'AccessKey', id: 'ines.okafor', tags: {} },
      { principal: 'ines.okafor', accessKeyId: 'AKIAEXAMPLEKEYQ7W2E4R' },
    );
    expect(targetsOf(i)).toMatchObject({ userName: 'ines.okafor', accessKeyId: 'AKIAEXAMPLEKEYQ7W2E4R' });
    expect(ids(i)).toEqual(['deactivateAccessKey', 'disableConsolePassword']);
  });

  it('the root user (CloudTrail names it "IAMUser root"): no IAM user action is offered', () => {
    const i = incident(
      { type: 'IAMUser', id: 'root', tags: {} },
      { principal: 'arn:aws:iam::444455556666:root', api: 'ConsoleLogin' },
    );
    expect(targetsOf(i).userName).toBeUndefined();
    expect(ids(i)).toEqual([]);
  });

  it('a role session (temporary ASIA key): revoke the role sessions only', () => {
    const i = incident(
      { type: 'AccessKey', id: 'AROAEXAMPLE:session', tags: {} },
      {
        principal: 'arn:aws:sts::444455556666:assumed-role/ci-deployer/build-42',
        accessKeyId: 'ASIAEXAMPLETEMP00001',
      },
    );
    expect(targetsOf(i)).toEqual({ roleName: 'ci-deployer' });
    expect(ids(i)).toEqual(['revokeRoleSessions']);
  });

  it('a GuardDuty finding of an assumed role (its name in the AccessKey resource, a temporary key)', () => {
    const i = incident(
      { type: 'AccessKey', id: 'web-app-role', tags: {} },
      { principal: 'web-app-role', accessKeyId: 'ASIAEXAMPLETEMP00001' },
    );
    expect(targetsOf(i)).toEqual({ roleName: 'web-app-role' });
  });

  it('an instance, a bucket, a policy change', () => {
    expect(ids(incident({ type: 'Instance', id: 'i-0a1b2c3d4e5f60718', tags: {} }))).toEqual([
      'isolateInstance',
    ]);
    expect(ids(incident({ type: 'S3Bucket', id: 'payments-exports-eu', tags: {} }))).toEqual([
      'blockS3PublicAccess',
    ]);
    const policy = 'arn:aws:iam::444455556666:policy/payments-deploy';
    expect(
      ids(
        incident(
          { type: 'IAMPolicy', id: policy, tags: {} },
          { principal: 'arn:aws:iam::444455556666:user/mallory', api: 'CreatePolicyVersion' },
        ),
      ),
    ).toEqual(['disableConsolePassword', 'restorePolicyVersion']);
  });

  it('the same resources named as Security Hub names them (ASFF types, ARN ids shortened at intake)', () => {
    const ec2 = incident({
      type: 'AwsEc2Instance',
      id: 'i-0a1b2c3d4e5f60718',
      arn: 'arn:aws:ec2:eu-west-1:444455556666:instance/i-0a1b2c3d4e5f60718',
      tags: {},
    });
    expect(ids(ec2)).toEqual(['isolateInstance']);
    expect(ids(incident({ type: 'AwsS3Bucket', id: 'payments-exports-eu', tags: {} }))).toEqual([
      'blockS3PublicAccess',
    ]);
    expect(targetsOf(incident({ type: 'AwsIamRole', id: 'web-app-role', tags: {} }))).toEqual({
      roleName: 'web-app-role',
    });
    expect(targetsOf(incident({ type: 'AwsIamUser', id: 'ines.okafor', tags: {} }))).toEqual({
      userName: 'ines.okafor',
    });
  });

  it('nothing for what no action fits, or when remediation is off', () => {
    expect(ids(incident({ type: 'EKSCluster', id: 'prod', tags: {} }))).toEqual([]);
    expect(ids(incident({ type: 'Instance', id: 'not-an-instance-id', tags: {} }))).toEqual([]);
    const i = incident({ type: 'Instance', id: 'i-0a1b2c3d4e5f60718', tags: {} });
    expect(actionsFor(remediationConfigSchema.parse({}), i)).toEqual([]);
  });
});
