import { beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/alerts/alert.js';
import { factsFor } from '../../../src/incidents/card/facts/index.js';
import { describePrincipal } from '../../../src/incidents/card/facts/principal.js';
import { type FixtureAlert, fixtureAlerts } from './fixture-alerts.js';

/**
 * Key facts the card computes for alerts whose normalizer stores none: CloudWatch alarms (metric,
 * value, threshold) and CloudTrail detections (caller, API, source; the target is the resource on
 * the context line). Read from the project's fixtures, normalized as in production.
 */

let alerts: FixtureAlert[] = [];
beforeAll(async () => {
  alerts = await fixtureAlerts();
});

function alertFrom(file: string, match: (a: Alert) => boolean = () => true): Alert {
  const found = alerts.find((a) => a.name.startsWith(file) && match(a.alert));
  if (!found) throw new Error(`no alert from ${file}`);
  return found.alert;
}

function factMap(alert: Alert): Record<string, string> {
  return Object.fromEntries(factsFor(alert).map((f) => [f.label, f.value]));
}

describe('alarm facts', () => {
  it('names the metric, the value that breached and the threshold with its comparison', () => {
    expect(factMap(alertFrom('alerts/alarms/sns-single-metric.json'))).toEqual({
      Metric: 'AWS/ApiGateway 5XXError (ApiName=orders-api, Stage=prod) SUM/300s',
      Value: '41.0 (2 out of the last 2 datapoints breaching)',
      Threshold: '≥ 25.0',
      'Missing data': 'notBreaching',
    });
  });

  it('reads an anomaly band and metric math', () => {
    expect(factMap(alertFrom('alerts/alarms/sns-anomaly-detection.json'))).toMatchObject({
      Value: '9.1E8 (3 out of the last 3 datapoints breaching)',
      Threshold: 'above band 2.2E8',
    });
    expect(factMap(alertFrom('alerts/alarms/sns-metric-math.json')).Metric).toMatch(
      /^e1 = 100\*errors\/requests; errors = AWS\/Lambda Errors/,
    );
  });
});

describe('CloudTrail detection facts', () => {
  it('names the role and its session, the API, the source and the temporary key, masked', () => {
    expect(factMap(alertFrom('alerts/cloudtrail/attach-user-policy.json'))).toEqual({
      Caller: 'role ci-builder, session i-0c0ffee1234567890',
      'Source IP': '203.0.113.150',
      API: 'AttachUserPolicy',
      'User agent': expect.stringMatching(/^aws-cli\/2\.22\.0/),
      'Access key': 'ASIA…DER7 (temporary)',
    });
  });

  it('says when AWS refused the call', () => {
    expect(factMap(alertFrom('alerts/cloudtrail/access-denied-burst.json')).Refused).toBe(
      'Client.UnauthorizedOperation: You are not authorized to perform this operation.',
    );
  });

  it('names root as root, and a call an AWS service made as coming through it', () => {
    const root = alertFrom('alerts/cloudtrail/root-create-access-key.json');
    expect(factMap(root).Caller).toBe('root user');
    const viaService: Alert = { ...root, actor: { ...root.actor, sourceIp: 'iam.amazonaws.com' } };
    expect(factMap(viaService).Caller).toBe('root user via iam.amazonaws.com');
    expect(factMap(viaService)).not.toHaveProperty('Source IP');
    const servicePrincipal: Alert = {
      ...root,
      actor: { principal: 'config.amazonaws.com', api: 'PutEvaluations' },
    };
    expect(factMap(servicePrincipal).Caller).toBe('unknown principal via config.amazonaws.com');
  });

  it('describes principals by kind', () => {
    expect(describePrincipal('arn:aws:iam::210987654321:user/ops/maria')).toBe('user maria');
    expect(describePrincipal('arn:aws:sts::210987654321:assumed-role/AdminRole/maria@example.com')).toBe(
      'role AdminRole, session maria@example.com',
    );
    expect(describePrincipal('iam.amazonaws.com')).toBeUndefined();
  });
});
