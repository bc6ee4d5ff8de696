import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import { composer, loadComposition } from '../../src/main/compose.js';
import { CANARY, testConfig } from '../support/config.js';
import { type Harness, startHarness } from '../support/harness.js';

function configFile(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'wk-det-')), 'watchkeeper.yaml');
  writeFileSync(file, yaml);
  return file;
}

const CUSTOM = `detections:
  - id: custom-secrets-read
    title: Secret read by a human
    description: Someone read a production secret by hand.
    control: TEAM-7
    severity: high
    filterPattern: '{ ($.eventSource = "secretsmanager.amazonaws.com") && ($.eventName = "GetSecretValue") && ($.userIdentity.type = "IAMUser") }'
    metricName: custom_secrets_read
    runbookId: generic-fallback
`;

const event = {
  version: '0',
  id: 'evt-custom-1',
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.secretsmanager',
  account: '123456789012',
  time: '2026-11-28T10:00:00Z',
  region: 'eu-west-1',
  resources: [],
  detail: {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE1',
      arn: 'arn:aws:iam::123456789012:user/dana',
      accountId: '123456789012',
      userName: 'dana',
    },
    eventTime: '2026-11-28T10:00:00Z',
    eventSource: 'secretsmanager.amazonaws.com',
    eventName: 'GetSecretValue',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '198.51.100.9',
    userAgent: 'aws-cli/2.22.0',
    requestParameters: { secretId: 'prod/db/password' },
    eventID: 'b1c2d3e4-0000-4000-8000-000000000001',
    eventType: 'AwsApiCall',
    recipientAccountId: '123456789012',
  },
};

describe('detections from config', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      commands: [],
      role: 'web',
      env: {
        WATCHKEEPER_CONFIG: configFile(CUSTOM),
        WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey,
      },
      compose: composer(),
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('match CloudTrail events in event mode like the shipped ones', async () => {
    const res = await fetch(`${h.bot.url}/intake/eventbridge`, {
      method: 'POST',
      body: JSON.stringify(event),
      headers: { 'content-type': 'application/json', [API_KEY_HEADER]: CANARY.eventBridgeApiKey },
    });
    expect(res.status).toBe(202);
    const [job] = await h.bot.ctx.queues.alerts.getJobs(['waiting', 'active', 'completed']);
    expect((job?.data as { alert?: { type: string } } | undefined)?.alert).toMatchObject({
      type: 'custom-secrets-read',
    });
  });

  it('stop start-up with the index and field of a bad one', async () => {
    const config = testConfig({
      WATCHKEEPER_CONFIG: configFile(CUSTOM.replace('severity: high', 'severity: dire')),
    });
    await expect(loadComposition(config)).rejects.toThrow(/config detections\[0\].*severity/s);
  });
});
