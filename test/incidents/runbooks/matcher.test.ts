import { describe, expect, it } from 'vitest';
import { chooseRunbook, selectRunbook } from '../../../src/incidents/runbooks/matcher.js';
import type { Runbook, RunbookMatch } from '../../../src/incidents/runbooks/schema.js';
import { subject } from './alert-fixture.js';

function runbook(id: string, match: RunbookMatch): Runbook {
  return { id, title: id, match, steps: [{ text: 'x' }], references: [{ title: 'r' }], frameworks: [] };
}

const fallback = runbook('zz-fallback', { fallback: true });
const gdSource = runbook('gd-any', { sources: ['guardduty'] });
const anyEc2 = runbook('ec2-any', { guardDutyTypes: ['*:EC2/*'] });
const trojan = runbook('ec2-trojan', { guardDutyTypes: ['Trojan:EC2/*'] });
const exact = runbook('ec2-blackhole', { guardDutyTypes: ['Trojan:EC2/BlackholeTraffic!DNS'] });
const all = [fallback, gdSource, anyEc2, trojan, exact];

describe('selectRunbook', () => {
  it('prefers an exact type over any glob', () => {
    expect(selectRunbook(all, subject('guardduty', 'Trojan:EC2/BlackholeTraffic!DNS'))?.id).toBe(
      'ec2-blackhole',
    );
  });

  it('prefers the glob with the longer literal prefix', () => {
    expect(selectRunbook(all, subject('guardduty', 'Trojan:EC2/DNSDataExfiltration'))?.id).toBe('ec2-trojan');
    expect(selectRunbook(all, subject('guardduty', 'Backdoor:EC2/C&CActivity.B!DNS'))?.id).toBe('ec2-any');
  });

  it('falls back to a source-level runbook, then to the generic fallback', () => {
    expect(selectRunbook(all, subject('guardduty', 'Policy:S3/BucketBlockPublicAccessDisabled'))?.id).toBe(
      'gd-any',
    );
    expect(selectRunbook(all, subject('cloudwatch-alarm', 'prod-5xx'))?.id).toBe('zz-fallback');
  });

  it('applies each pattern list only to its own source', () => {
    const detection = runbook('det', { detectionIds: ['cis-vpc-changes'] });
    const alarm = runbook('alarm', { alarmNames: ['cis-vpc-*'] });
    expect(
      selectRunbook([detection, alarm, fallback], subject('cloudtrail-detection', 'cis-vpc-changes'))?.id,
    ).toBe('det');
    expect(
      selectRunbook([detection, alarm, fallback], subject('cloudwatch-alarm', 'cis-vpc-changes'))?.id,
    ).toBe('alarm');
    expect(selectRunbook([detection, fallback], subject('guardduty', 'cis-vpc-changes'))?.id).toBe(
      'zz-fallback',
    );
  });

  it('lets * match across "/" and ? exactly one character', () => {
    const rb = runbook('q', { alarmNames: ['team/?-*'] });
    expect(selectRunbook([rb], subject('cloudwatch-alarm', 'team/a-latency/p99'))?.id).toBe('q');
    expect(selectRunbook([rb], subject('cloudwatch-alarm', 'team/ab-latency'))).toBeUndefined();
  });

  it('settles equal matches by runbook id, whatever the file order', () => {
    const a = runbook('a-runbook', { guardDutyTypes: ['Recon:EC2/*'] });
    const b = runbook('b-runbook', { guardDutyTypes: ['Recon:EC2/*'] });
    const s = subject('guardduty', 'Recon:EC2/Portscan');
    expect(selectRunbook([a, b], s)?.id).toBe('a-runbook');
    expect(selectRunbook([b, a], s)?.id).toBe('a-runbook');
  });

  it('returns undefined when nothing matches and there is no fallback', () => {
    expect(selectRunbook([trojan], subject('guardduty', 'Recon:EC2/Portscan'))).toBeUndefined();
  });

  it('explains which rule decided', () => {
    expect(chooseRunbook(all, subject('guardduty', 'Trojan:EC2/X'))?.rank.reason).toBe(
      'guardDutyTypes "Trojan:EC2/*"',
    );
    expect(chooseRunbook(all, subject('cloudwatch-alarm', 'x'))?.rank.reason).toBe('fallback');
  });

  it('prefers a runbook whose conditions hold over one without, and skips one whose conditions fail', () => {
    const ami = runbook('ec2-ami', { guardDutyTypes: ['Trojan:EC2/*'], when: { resourceKind: ['ami'] } });
    const target = runbook('ec2-target', {
      guardDutyTypes: ['Trojan:EC2/*'],
      when: { resourceRole: ['target'] },
    });
    const inbound = {
      ...subject('guardduty', 'Trojan:EC2/X'),
      facts: [{ label: 'Direction', value: 'Inbound' }],
    };
    expect(chooseRunbook([trojan, ami, target], inbound)?.runbook.id).toBe('ec2-target');
    expect(chooseRunbook([trojan, ami, target], subject('guardduty', 'Trojan:EC2/X'))?.runbook.id).toBe(
      'ec2-trojan',
    );
  });

  it('matches Security Hub and Config alerts by source or fallback only', () => {
    const sh = runbook('sh', { sources: ['securityhub'] });
    expect(
      selectRunbook([sh, fallback], subject('securityhub', 'Software and Configuration Checks'))?.id,
    ).toBe('sh');
    expect(selectRunbook([sh, fallback], subject('config', 'restricted-ssh'))?.id).toBe('zz-fallback');
  });
});
