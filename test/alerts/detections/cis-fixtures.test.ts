import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Catalog, matchDetections } from '../../../src/alerts/detections/catalog.js';
import { loadDetectionCatalog } from '../../../src/alerts/detections/catalog-loader.js';
import { evaluateFilterPattern } from '../../../src/alerts/detections/filter-pattern/evaluator.js';

const IDS = [
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

async function record(id: string, kind: 'match' | 'near-miss'): Promise<unknown> {
  const url = new URL(`../../fixtures/detections/records/${id}/${kind}.json`, import.meta.url);
  return JSON.parse(await readFile(url, 'utf8'));
}

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadDetectionCatalog();
});

describe.each(IDS)('detection %s', (id) => {
  it('matches its CloudTrail record', async () => {
    const detection = catalog.byId.get(id);
    expect(detection).toBeDefined();
    expect(evaluateFilterPattern(detection!.pattern, await record(id, 'match'))).toBe(true);
  });

  it('does not match the close near-miss record', async () => {
    const detection = catalog.byId.get(id);
    expect(evaluateFilterPattern(detection!.pattern, await record(id, 'near-miss'))).toBe(false);
  });
});

describe('matchDetections', () => {
  it('reports an IAM CreatePolicy as an IAM policy change, not an Organizations change', async () => {
    const matched = matchDetections(catalog, await record('cis-organizations-changes', 'near-miss')).map(
      (d) => d.id,
    );
    expect(matched).toEqual(['cis-iam-policy-changes']);
  });

  it('reports root use and unauthorized calls together when root is refused', async () => {
    const rootRecord = (await record('cis-root-account-usage', 'match')) as Record<string, unknown>;
    const refused = { ...rootRecord, errorCode: 'AccessDenied', errorMessage: 'Access Denied' };
    expect(matchDetections(catalog, refused).map((d) => d.id)).toEqual([
      'cis-root-account-usage',
      'cis-unauthorized-api-calls',
    ]);
  });

  it('matches nothing for a read-only call and for input that is not a record', () => {
    expect(
      matchDetections(catalog, { eventName: 'DescribeInstances', eventSource: 'ec2.amazonaws.com' }),
    ).toEqual([]);
    expect(matchDetections(catalog, null)).toEqual([]);
    expect(matchDetections(catalog, 'StopLogging')).toEqual([]);
    expect(matchDetections(catalog, [{ eventName: 'StopLogging' }])).toEqual([]);
  });

  it('does not count a root action AWS made on the account behalf (AwsServiceEvent)', async () => {
    const rootRecord = (await record('cis-root-account-usage', 'match')) as Record<string, unknown>;
    expect(matchDetections(catalog, { ...rootRecord, eventType: 'AwsServiceEvent' })).toEqual([]);
  });
});
