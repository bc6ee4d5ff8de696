import { describe, expect, it } from 'vitest';
import type { Alert, AlertFact } from '../../../src/alerts/alert.js';
import {
  alertFromGuardDutyEvent,
  alertsFromGetFindingsResponse,
} from '../../../src/alerts/guardduty/containers.js';
import { guardDutyFacts } from '../../../src/alerts/guardduty/facts/index.js';
import { alertFromGuardDutyFinding } from '../../../src/alerts/guardduty/normalize.js';
import { context, fixture, fixtureLines } from '../helpers.js';

/**
 * The key facts each finding family puts on its alert, read from real-format findings (our own
 * values, AWS's field names): what a responder needs first, labelled for what it is.
 */

function factsOf(alert: Alert): Record<string, string> {
  return Object.fromEntries((alert.facts ?? []).map((f: AlertFact) => [f.label, f.value]));
}

/** A fixture as it is stored: an EventBridge event or a bare finding. */
function event(name: string): Alert {
  const input = fixture(`guardduty/${name}`);
  return typeof input === 'object' && input !== null && 'detail-type' in input
    ? alertFromGuardDutyEvent(input, context())
    : alertFromGuardDutyFinding(input, context());
}

describe('GuardDuty key facts', () => {
  it('network, outbound: the far end is the remote server (C2 or mining pool), never a source', () => {
    const alert = event('instance-backdoor.json');
    const facts = factsOf(alert);
    expect(facts.Direction).toBe('Outbound');
    expect(facts['Remote server']).toBe('203.0.113.77 · AS64500 EXAMPLE-TRANSIT · Exampleland');
    expect(facts).not.toHaveProperty('Source IP');
    expect(facts.Protocol).toBe('TCP');
  });

  it('network, inbound SSH brute force: the source IP with its network, and the local port attacked', () => {
    const [alert] = alertsFromGetFindingsResponse(
      JSON.parse(JSON.stringify(fixture('../guardduty/get-findings-ec2-ssh-bruteforce.json'))),
      context(),
    );
    const facts = factsOf(alert as Alert);
    expect(facts).toMatchObject({
      Direction: 'Inbound',
      'Source IP': '198.51.100.77 · AS64500 EXAMPLE-NET · Example Country',
      'Local port': '22 (SSH)',
      Protocol: 'TCP',
      'Local address': '10.40.1.23',
    });
  });

  it('DNS: the queried domain first, then who asked and through which resolver', () => {
    const alert = event('eventbridge-redacted-dns.json');
    expect(alert.facts?.[0]).toEqual({ label: 'Domain', value: 'pool.example-mining.test', kind: 'code' });
    expect(factsOf(alert)['Queried by']).toBe('instance i-0ab12cd34ef56ab78 (172.16.4.20)');
    expect(factsOf(alert).Resolver).toBe('Route 53 Resolver (VPC DNS), UDP');
  });

  it('API call: the role and its session, the API, the source with its network, and the key masked', () => {
    const facts = factsOf(event('accesskey-malicious-ip.json'));
    expect(facts.Caller).toBe('user deploy-bot');
    expect(facts.API).toBe('ListBuckets (s3.amazonaws.com)');
    expect(facts['Source IP']).toBe('192.0.2.50 · AS64504 EXAMPLE-VPS · Exampleland');
    expect(facts['Access key']).toMatch(/^AKIA…[A-Z0-9]{4} \(long-term\)$/);
    expect(JSON.stringify(facts)).not.toMatch(/AKIA[A-Z0-9]{16}/);
  });

  it('API call through an AWS service: the principal is the caller, the service is what it came through', () => {
    const facts = factsOf(event('api-call-via-service.json'));
    expect(facts.Caller).toBe(
      'role web-app-role, session deploy-session-4471 via cloudformation.amazonaws.com',
    );
    expect(facts['Access key']).toBe('ASIA…P123 (temporary)');
  });

  it('an AWS service principal alone is never named the caller', () => {
    const facts = factsOf(event('api-call-aws-service-only.json'));
    expect(facts.Caller).toBe('unknown principal via iam.amazonaws.com');
    expect(
      Object.values(facts).filter((v) => v === 'iam.amazonaws.com' || v.startsWith('iam.amazonaws.com '))
        .length,
    ).toBeLessThanOrEqual(1);
  });

  it('runtime: process, path, command line, parent, pod and the host instance', () => {
    const facts = factsOf(event('runtime-process-eks.json'));
    expect(facts).toEqual({
      Process: 'xmrig (pid 31877, user www-data)',
      Path: '/tmp/.cache/xmrig',
      'Command line': '/tmp/.cache/xmrig -o pool.example-mining.test:3333 --donate-level 1',
      Parent: 'sh, /bin/sh, pid 31870',
      'Container / pod': 'pods orders/checkout-7d9f8c6b5-x2kqp',
      Host: 'instance i-0d4f6a8c0e2b4d6f8',
    });
  });

  it('runtime in a container on an instance keeps the host instance', () => {
    const facts = factsOf(event('runtime-container.json'));
    expect(facts.Process).toBe('docker (pid 4242, user root)');
    expect(facts.Host).toBe('instance i-0c0ffee1234567890');
  });

  it('S3: the bucket, whether it is public, and who called which API from where', () => {
    const facts = factsOf(event('s3-bucket-public-access.json'));
    expect(facts).toMatchObject({
      Bucket: 'acme-invoices-archive',
      Public: 'no',
      Caller: 'role AdminRole, session maria',
      API: 'PutBucketPublicAccessBlock (s3.amazonaws.com)',
    });
  });

  it('Kubernetes: cluster, user and groups, the call and its source', () => {
    const alert = alertFromGuardDutyFinding(fixtureLines('guardduty/findings-export.ndjson')[1], context());
    expect(factsOf(alert)).toMatchObject({
      Cluster: 'payments-prod',
      User: 'system:anonymous (system:unauthenticated)',
      Call: 'list /api/v1/namespaces/kube-system/secrets',
    });
  });

  it('malware in an S3 object: the threat, the object scanned and the file inside it', () => {
    const facts = factsOf(event('malware-s3-object.json'));
    expect(facts).toMatchObject({
      Threat: 'EICAR-Test-File (not a virus)',
      Scanned: 'S3 object customer-uploads-prod/invoices/2025/05/inv-88121.zip',
      File: 'inv-88121.zip/readme.exe',
    });
  });

  it('malware in an EBS snapshot: a snapshot, not an instance, and the resource is the snapshot', () => {
    const alert = event('malware-ebs-snapshot.json');
    expect(alert.resource).toMatchObject({ type: 'EBSSnapshot', id: 'snap-0e2b4d6f8a0c2e4b6' });
    expect(factsOf(alert)).toMatchObject({
      Threat: 'Linux.Trojan.Mirai',
      Scanned: 'EBS snapshot snap-0e2b4d6f8a0c2e4b6',
      File: '/usr/local/bin/.sysd',
      'Infected files': '2',
    });
  });

  it('attack sequence: signals in the order first seen with their tactics, actors, endpoints, resources', () => {
    const alert = event('attack-sequence-s3.json');
    expect(alert.resource).toMatchObject({ type: 'S3Bucket', id: 'customer-exports-prod' });
    expect(factsOf(alert)).toEqual({
      Tactics: 'Discovery → DefenseEvasion → Exfiltration',
      Signals:
        '1. Discovery:S3/AnomalousBehavior [Discovery]; 2. s3:PutBucketLogging [DefenseEvasion]; 3. Exfiltration:S3/AnomalousBehavior [Exfiltration]',
      Actors: 'AssumedRole data-sync-role, session sync-4471, MFA disabled',
      Endpoints: '198.51.100.212 · AS64520 EXAMPLE-VPS · Exampleland',
      Resources: 'S3Bucket customer-exports-prod; IAMRole data-sync-role',
    });
  });

  it('marks GuardDuty sample findings (service.additionalInfo.sample), and only those', () => {
    expect(event('sample-port-probe.json').vendorSample).toBe(true);
    expect(event('instance-backdoor.json').vendorSample).toBeUndefined();
    expect(factsOf(event('sample-port-probe.json'))).toMatchObject({ 'Probed ports': '80 (HTTP)' });
  });

  it('never throws on display fields of the wrong type: those facts are simply left out', () => {
    const finding = {
      type: 'Backdoor:EC2/C&CActivity.B',
      service: { action: { networkConnectionAction: { connectionDirection: 42, remoteIpDetails: 'x' } } },
      resource: { s3BucketDetails: 'not a list' },
    };
    expect(guardDutyFacts(finding).facts).toEqual([]);
    expect(guardDutyFacts('not an object')).toEqual({ family: 'other', facts: [], vendorSample: false });
  });
});
