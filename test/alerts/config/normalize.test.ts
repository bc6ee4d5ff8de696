import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/alerts/alert.js';
import { conformancePackOf } from '../../../src/alerts/config/normalize.js';
import { normalizeInput } from '../../../src/alerts/normalize.js';
import type { NormalizeResult } from '../../../src/alerts/result.js';
import { fixture, fixtureObject, options } from '../helpers.js';

function only(result: NormalizeResult): Alert {
  if (result.status !== 'normalized') throw new Error(`expected alerts, got ${JSON.stringify(result)}`);
  expect(result.alerts).toHaveLength(1);
  return result.alerts[0] as Alert;
}

describe('a Config Rules Compliance Change event', () => {
  it('opens on NON_COMPLIANT with the rule, the resource and the annotation', () => {
    const alert = only(normalizeInput(fixture('config/eventbridge-non-compliant.json'), options()));
    expect(alert).toMatchObject({
      source: 'config',
      type: 'restricted-ssh',
      accountId: '210987654321',
      region: 'eu-west-1',
      severityLabel: 'medium',
      title: 'NON_COMPLIANT: AWS::EC2::SecurityGroup sg-0b1c2d3e4f5a67890 against Config rule restricted-ssh',
      resource: { type: 'AWS::EC2::SecurityGroup', id: 'sg-0b1c2d3e4f5a67890' },
      lastSeen: '2025-02-19T10:15:00.412Z',
    });
    expect(alert.alarmState).toBeUndefined();
    expect(alert.description).toContain('Annotation: Port 22 is open to 0.0.0.0/0.');
    expect(alert.description).toContain('Was: COMPLIANT');
  });

  it('recovers on COMPLIANT, keyed like the NON_COMPLIANT change of the same rule and resource', () => {
    const open = only(normalizeInput(fixture('config/eventbridge-non-compliant.json'), options()));
    const fixed = only(normalizeInput(fixture('config/eventbridge-compliant.json'), options()));
    expect(fixed).toMatchObject({ alarmState: 'OK', dedupeKey: open.dedupeKey });
    expect(fixed.revision).not.toBe(open.revision);
  });

  it('names the conformance pack a rule came from', () => {
    const alert = only(normalizeInput(fixture('config/eventbridge-conformance-pack.json'), options()));
    expect(alert.type).toBe('s3-bucket-public-read-prohibited');
    expect(alert.title).toContain('(conformance pack …k2j9xq1mz)');
    expect(alert.description).toContain('deployed by the pack whose id ends in k2j9xq1mz');
  });

  it('ignores INSUFFICIENT_DATA and recovers on NOT_APPLICABLE', () => {
    const event = fixtureObject('config/eventbridge-non-compliant.json') as {
      detail: { newEvaluationResult: { complianceType: string } };
    };
    event.detail.newEvaluationResult.complianceType = 'INSUFFICIENT_DATA';
    expect(normalizeInput(event, options()).status).toBe('ignored');
    event.detail.newEvaluationResult.complianceType = 'NOT_APPLICABLE';
    expect(only(normalizeInput(event, options())).alarmState).toBe('OK');
  });

  it('refuses an unknown compliance type, naming the field', () => {
    const event = fixtureObject('config/eventbridge-non-compliant.json') as {
      detail: { newEvaluationResult: { complianceType: string } };
    };
    event.detail.newEvaluationResult.complianceType = 'BROKEN';
    const result = normalizeInput(event, options());
    expect(result.status).toBe('rejected');
    if (result.status === 'rejected') {
      expect(result.error.problems[0]?.path).toBe('detail.newEvaluationResult.complianceType');
    }
  });

  it('reads the notification Config publishes to its SNS topic', () => {
    const alert = only(normalizeInput(fixture('config/sns-compliance-notification.json'), options()));
    expect(alert).toMatchObject({
      source: 'config',
      type: 'cloudtrail-enabled',
      resource: { type: 'AWS::::Account', id: '210987654321' },
    });
  });
});

describe('conformancePackOf', () => {
  it('splits a pack-deployed rule name and leaves other names alone', () => {
    expect(conformancePackOf('restricted-ssh-conformance-pack-ab12cd34')).toEqual({
      rule: 'restricted-ssh',
      pack: 'ab12cd34',
    });
    expect(conformancePackOf('restricted-ssh')).toBeUndefined();
  });
});
