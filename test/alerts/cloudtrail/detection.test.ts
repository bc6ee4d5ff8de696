import { describe, expect, it } from 'vitest';
import { alertSchema } from '../../../src/alerts/alert.js';
import { alertFromDetection } from '../../../src/alerts/cloudtrail/detection.js';
import { MAX_EVIDENCE_RECORDS } from '../../../src/alerts/cloudtrail/evidence.js';
import { detection, fixture, fixtureLines, fixtureObject, NOW, options } from '../helpers.js';

const opts = options();

describe('alertFromDetection', () => {
  it('raises a console sign-in without MFA against the user, linking their CloudTrail history', () => {
    const record = fixture('cloudtrail/console-login-no-mfa.json');
    const alert = alertFromDetection(detection('console-login-without-mfa'), [record], opts);
    alertSchema.parse(alert);
    expect(alert).toMatchObject({
      dedupeKey:
        'console-login-without-mfa|arn:aws:iam::210987654321:user/maria.lopez|arn:aws:iam::210987654321:user/maria.lopez',
      source: 'cloudtrail-detection',
      accountId: '210987654321',
      region: 'us-east-1',
      severity: 8,
      severityLabel: 'high',
      type: 'console-login-without-mfa',
      title: 'Console sign-in without MFA',
      resource: {
        type: 'IAMUser',
        id: 'maria.lopez',
        arn: 'arn:aws:iam::210987654321:user/maria.lopez',
        tags: {},
      },
      actor: {
        principal: 'arn:aws:iam::210987654321:user/maria.lopez',
        sourceIp: '198.51.100.34',
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:122.0) Gecko/20100101 Firefox/122.0',
        api: 'ConsoleLogin',
      },
      firstSeen: '2025-02-19T06:58:14.000Z',
      lastSeen: '2025-02-19T06:58:14.000Z',
      count: 1,
      revision: '6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
      links: {
        cloudTrailEventHistory:
          'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events?Username=maria.lopez',
      },
      raw: [record],
    });
    expect(alert.description).toBe(
      'A console sign-in succeeded without MFA.\n' +
        'ConsoleLogin by arn:aws:iam::210987654321:user/maria.lopez from 198.51.100.34 on IAMUser maria.lopez\n' +
        'Control: CloudWatch.3',
    );
  });

  it('names the attached-to user as the resource of AttachUserPolicy, and the role session as the actor', () => {
    const alert = alertFromDetection(
      detection('iam-policy-change'),
      [fixture('cloudtrail/attach-user-policy.json')],
      opts,
    );
    expect(alert.resource).toEqual({ type: 'IAMUser', id: 'svc-backup-temp', tags: {} });
    expect(alert.actor).toEqual({
      principal: 'arn:aws:sts::210987654321:assumed-role/ci-builder/i-0c0ffee1234567890',
      accessKeyId: 'ASIAEXAMPLEBUILDER7',
      sourceIp: '203.0.113.150',
      userAgent: expect.stringContaining('aws-cli/2.22.0'),
      api: 'AttachUserPolicy',
    });
    expect(alert.dedupeKey).toBe(
      'iam-policy-change|arn:aws:sts::210987654321:assumed-role/ci-builder/i-0c0ffee1234567890|IAMUser/svc-backup-temp',
    );
    expect(alert.links.cloudTrailEventHistory).toMatch(/#\/events\?AccessKeyId=ASIAEXAMPLEBUILDER7$/);
    expect(alert.evidence).toEqual([
      expect.objectContaining({
        eventName: 'AttachUserPolicy',
        requestParameters: {
          userName: 'svc-backup-temp',
          policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        },
      }),
    ]);
  });

  it('names the security group of AuthorizeSecurityGroupIngress with its ARN', () => {
    const alert = alertFromDetection(
      detection('security-group-change'),
      [fixture('cloudtrail/authorize-security-group-ingress.json')],
      opts,
    );
    expect(alert.resource).toEqual({
      type: 'SecurityGroup',
      id: 'sg-0123abcd4567ef890',
      arn: 'arn:aws:ec2:eu-west-1:210987654321:security-group/sg-0123abcd4567ef890',
      tags: {},
    });
    expect(alert.actor?.accessKeyId).toBe('AKIAEXAMPLEKEY654321');
  });

  it('names root as the actor of root usage, and the account as the resource', () => {
    const alert = alertFromDetection(
      detection('root-account-usage'),
      [fixture('cloudtrail/root-create-access-key.json')],
      opts,
    );
    expect(alert).toMatchObject({
      severity: 9.5,
      severityLabel: 'critical',
      actor: { principal: 'arn:aws:iam::210987654321:root', api: 'CreateAccessKey' },
      resource: { type: 'AWSAccount', id: '210987654321', arn: 'arn:aws:iam::210987654321:root' },
    });
  });

  it('keeps the failure and the odd creationDate of an assumed-role sign-in failure', () => {
    const [, failure] = fixtureLines('cloudtrail/console-login-failures.ndjson');
    const alert = alertFromDetection(detection('console-login-failure'), [failure], opts);
    expect(alert.resource).toEqual({
      type: 'IAMRole',
      id: 'SupportRole',
      arn: 'arn:aws:iam::210987654321:role/SupportRole',
      tags: {},
    });
    expect(alert.description).toContain('(failed: Failed authentication)');
    expect(alert.evidence?.[0]).toMatchObject({
      errorMessage: 'Failed authentication',
      userIdentity: { type: 'AssumedRole' },
    });
    expect(alert.description).not.toContain('Control: undefined');
  });

  it('names a trail given by ARN, unwrapping an EventBridge CloudTrail event', () => {
    const alert = alertFromDetection(
      detection('cloudtrail-config-change'),
      [fixture('cloudtrail/eventbridge-stop-logging.json')],
      opts,
    );
    expect(alert.resource).toEqual({
      type: 'Trail',
      id: 'org-audit',
      arn: 'arn:aws:cloudtrail:eu-west-1:210987654321:trail/org-audit',
      tags: {},
    });
  });

  it('spans first to last event time over several records and counts them', () => {
    const record = fixtureObject('cloudtrail/console-login-no-mfa.json');
    const later = { ...record, eventTime: '2025-0219T08:00:00Z', eventID: 'later-1' };
    const latest = { ...record, eventTime: '2025-02-19T09:30:00Z', eventID: 'latest-2' };
    const alert = alertFromDetection(detection('console-login-without-mfa'), [record, later, latest], opts);
    expect(alert).toMatchObject({
      count: 3,
      firstSeen: '2025-02-19T06:58:14.000Z',
      // The unparseable eventTime stands in as the receive time.
      lastSeen: NOW.toISOString(),
      revision: '6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0,later-1,latest-2',
    });
  });

  it('keeps at most MAX_EVIDENCE_RECORDS trimmed records and digests a long revision', () => {
    const record = fixtureObject('cloudtrail/authorize-security-group-ingress.json');
    const many = Array.from({ length: 30 }, (_, i) => ({ ...record, eventID: `evt-${i}` }));
    const alert = alertFromDetection(detection('security-group-change'), many, opts);
    expect(alert.evidence).toHaveLength(MAX_EVIDENCE_RECORDS);
    expect(alert.evidence?.[0]).not.toHaveProperty('tlsDetails');
    expect(alert.revision).toMatch(/^30 events sha256:[0-9a-f]{16}$/);
  });

  it('replaces a huge request body in evidence with a size note', () => {
    const record = fixtureObject('cloudtrail/attach-user-policy.json');
    const big = { ...record, requestParameters: { userName: 'x', policyDocument: 'A'.repeat(5000) } };
    const alert = alertFromDetection(detection('iam-policy-change'), [big], opts);
    expect(alert.evidence?.[0]).toMatchObject({
      requestParameters: expect.stringMatching(/^\[omitted: \d+ characters\]$/),
    });
  });

  it('rejects no records, a record without eventName, and a record naming no account', () => {
    const ref = detection('iam-policy-change');
    expect(() => alertFromDetection(ref, [], opts)).toThrow(/records: must not be empty/);
    const { eventName: _e, ...noName } = fixtureObject('cloudtrail/attach-user-policy.json');
    expect(() => alertFromDetection(ref, [noName], opts)).toThrow(/records\[0\]\.eventName: missing/);
    const {
      recipientAccountId: _r,
      userIdentity: _u,
      ...noAccount
    } = fixtureObject('cloudtrail/attach-user-policy.json');
    expect(() => alertFromDetection(ref, [noAccount], opts)).toThrow(/records\[0\]\.recipientAccountId/);
  });

  it('rejects a detection with a severity that is not a label', () => {
    const bad = { ...detection('iam-policy-change'), severity: 'urgent' as 'high' };
    expect(() => alertFromDetection(bad, [fixture('cloudtrail/attach-user-policy.json')], opts)).toThrow(
      /severity/,
    );
  });
});
