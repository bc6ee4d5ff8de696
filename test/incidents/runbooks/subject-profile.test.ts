import { describe, expect, it } from 'vitest';
import type { AlertFact } from '../../../src/alerts/alert.js';
import { profileOf } from '../../../src/incidents/runbooks/subject-profile.js';
import { makeAlert } from './alert-fixture.js';

const fact = (label: string, value: string): AlertFact => ({ label, value, kind: 'text' });

describe('profileOf: who acted', () => {
  it('reads an IAM user from a user ARN, and a long-term key from AKIA', () => {
    const p = profileOf(
      makeAlert({
        actor: { principal: 'arn:aws:iam::210987654321:user/ops/alice', accessKeyId: 'AKIAZZZZEXAMPLE7Q4W2' },
      }),
    );
    expect(p).toMatchObject({ principal: 'iam-user', userName: 'alice', accessKey: 'long-term' });
  });

  it('reads a role session from an assumed-role ARN, even with a redacted account', () => {
    const p = profileOf(
      makeAlert({
        actor: {
          principal: 'arn:aws:sts::XXXXXXXXXXXX:assumed-role/ci-builder/i-0c0ffee',
          accessKeyId: 'ASIAZZZZEXAMPLE7Q4W2',
        },
      }),
    );
    expect(p).toMatchObject({
      principal: 'role-session',
      roleName: 'ci-builder',
      sessionName: 'i-0c0ffee',
      accessKey: 'temporary',
    });
  });

  it('reads a GuardDuty role session from its Caller fact when the principal is a bare role name', () => {
    const p = profileOf(
      makeAlert({
        actor: { principal: 'web-app-role', accessKeyId: 'ASIAZZZZEXAMPLE7Q4W2' },
        facts: [fact('Caller', 'role web-app-role, session i-0abc')],
      }),
    );
    expect(p).toMatchObject({ principal: 'role-session', roleName: 'web-app-role', sessionName: 'i-0abc' });
  });

  it('never takes an AWS service for the actor: the caller behind it, or aws-service with the service named', () => {
    const behind = profileOf(
      makeAlert({
        actor: { principal: 'iam.amazonaws.com' },
        facts: [fact('Caller', 'user alice via iam.amazonaws.com')],
      }),
    );
    expect(behind).toMatchObject({
      principal: 'iam-user',
      userName: 'alice',
      viaService: 'iam.amazonaws.com',
    });
    const only = profileOf(makeAlert({ actor: { principal: 'iam.amazonaws.com' } }));
    expect(only).toMatchObject({ principal: 'aws-service', viaService: 'iam.amazonaws.com' });
  });

  it('reads root from the root ARN, and leaves a bare name with a temporary key undecided', () => {
    expect(profileOf(makeAlert({ actor: { principal: 'arn:aws:iam::210987654321:root' } })).principal).toBe(
      'root',
    );
    expect(
      profileOf(makeAlert({ actor: { principal: 'build-bot', accessKeyId: 'ASIAZZZZEXAMPLE7Q4W2' } }))
        .principal,
    ).toBe('unknown');
    const { actor: _none, ...noActor } = makeAlert();
    expect(profileOf(noActor)).toMatchObject({ principal: 'none', accessKey: 'none' });
  });
});

describe('profileOf: the resource', () => {
  it('tells the target of inbound traffic from the source of outbound traffic', () => {
    expect(profileOf(makeAlert({ facts: [fact('Direction', 'Inbound, blocked')] })).resourceRole).toBe(
      'target',
    );
    expect(profileOf(makeAlert({ facts: [fact('Direction', 'Outbound')] })).resourceRole).toBe('source');
    expect(profileOf(makeAlert()).resourceRole).toBe('unknown');
  });

  it.each([
    ['Execution:EC2/MaliciousFile!AMI', [], 'ami'],
    ['Execution:EC2/MaliciousFile!Snapshot', [], 'snapshot'],
    ['Execution:S3/MaliciousFile!RecoveryPoint', [], 'backup'],
    ['Execution:EC2/MaliciousFile', [fact('Scanned', 'AMI ami-0123456789abcdef0')], 'ami'],
    ['Execution:EC2/MaliciousFile', [fact('Scanned', 'EBS volume vol-0123456789abcdef0')], 'volume'],
    ['Execution:EC2/MaliciousFile', [], 'instance'],
  ])('reads %s %j as resource kind %s', (type, facts, kind) => {
    expect(profileOf(makeAlert({ type, facts })).resourceKind).toBe(kind);
  });

  it('finds the scanned id in the fact, and never takes the account id for it', () => {
    const fromFact = makeAlert({
      type: 'Execution:EC2/MaliciousFile!AMI',
      facts: [fact('Scanned', 'AMI ami-0123456789abcdef0')],
    });
    expect(profileOf(fromFact).scannedId).toBe('ami-0123456789abcdef0');
    const standIn = makeAlert({
      type: 'Execution:EC2/MaliciousFile!AMI',
      resource: { type: 'EC2Image', id: '210987654321', tags: {} },
    });
    expect(profileOf(standIn).scannedId).toBeUndefined();
  });

  it('finds the host instance of a container', () => {
    const container = makeAlert({
      resource: { type: 'Container', id: '5b1e0c0ffee9', tags: {} },
      facts: [fact('Host', 'instance i-0c0ffee1234567890')],
    });
    expect(profileOf(container)).toMatchObject({
      resourceKind: 'container',
      hostInstanceId: 'i-0c0ffee1234567890',
    });
  });
});
