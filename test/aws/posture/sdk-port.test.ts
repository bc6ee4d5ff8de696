import { Writable } from 'node:stream';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import {
  GetBucketEncryptionCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { collectPostureSnapshot, isCouldNotCheck } from '../../../src/aws/posture/port.js';
import { ACCOUNT_BPA_UNAVAILABLE, createSdkPosturePort } from '../../../src/aws/posture/sdk-port.js';
import { createLogger, createSilentLogger } from '../../../src/platform/log/logger.js';
import { SAMPLE_ACCOUNT_ID } from '../../../src/sandbox/sample-account/identity.js';
import { createSamplePosturePort } from '../../../src/sandbox/sample-account/posture.js';
import { s3Error } from './aws-errors.js';

const s3 = mockClient(S3Client);
const kms = mockClient(KMSClient);
const cloudTrail = mockClient(CloudTrailClient);
const guardDuty = mockClient(GuardDutyClient);
const clients = {
  s3: (region: string) => new S3Client({ region }),
  kms: (region: string) => new KMSClient({ region }),
  cloudTrail: (region: string) => new CloudTrailClient({ region }),
  guardDuty: (region: string) => new GuardDutyClient({ region }),
};
const allOn = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

beforeEach(() => {
  for (const mock of [s3, kms, cloudTrail, guardDuty]) mock.reset();
  s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'wk-audit' }] });
  s3.on(GetBucketEncryptionCommand).resolves({ ServerSideEncryptionConfiguration: { Rules: [{}] } });
  s3.on(GetPublicAccessBlockCommand).rejects(s3Error('NoSuchPublicAccessBlockConfiguration', 404));
  kms.on(ListKeysCommand).resolves({ Keys: [] });
  cloudTrail
    .on(DescribeTrailsCommand)
    .resolves({ trailList: [{ Name: 't', TrailARN: 'arn:t', IsMultiRegionTrail: true }] });
  cloudTrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
  guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: ['d-1'] });
  guardDuty.on(GetDetectorCommand).resolves({ Status: 'ENABLED' });
});

describe('SDK posture port', () => {
  it('reports account-level Block Public Access as could-not-check without an S3 Control reader, and logs it', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write: (chunk, _enc, done) => {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: 'warn', destination });
    const port = createSdkPosturePort({ accountId: '310987654322', clients, logger });
    const result = await port.accountPublicAccessBlock();
    expect(result).toEqual(ACCOUNT_BPA_UNAVAILABLE);
    expect(isCouldNotCheck(result) && result.reason).toContain('no S3 Control reader');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.join('')).toContain('posture check could not run');
  });

  it('uses an injected S3 Control reader and names s3:GetAccountPublicAccessBlock when it is denied', async () => {
    const asked: string[] = [];
    const ok = createSdkPosturePort({
      accountId: '310987654322',
      clients,
      logger: createSilentLogger(),
      accountPublicAccessBlock: async (accountId) => {
        asked.push(accountId);
        return allOn;
      },
    });
    expect(await ok.accountPublicAccessBlock()).toEqual(allOn);
    expect(asked).toEqual(['310987654322']);
    const denied = createSdkPosturePort({
      accountId: '310987654322',
      clients,
      logger: createSilentLogger(),
      accountPublicAccessBlock: async () => {
        throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
      },
    });
    expect(await denied.accountPublicAccessBlock()).toMatchObject({
      couldNotCheck: true,
      missingPermission: 's3:GetAccountPublicAccessBlock',
    });
  });

  it('collects one account’s snapshot across its regions, reading trails once', async () => {
    const port = createSdkPosturePort({ accountId: '310987654322', clients, logger: createSilentLogger() });
    const snapshot = await collectPostureSnapshot(port, ['eu-central-1', 'us-east-1']);
    expect(snapshot).toMatchObject({
      accountId: '310987654322',
      regions: ['eu-central-1', 'us-east-1'],
      buckets: [{ name: 'wk-audit', defaultEncryption: true, publicAccessBlock: null }],
      kmsKeys: [
        { region: 'eu-central-1', keys: [] },
        { region: 'us-east-1', keys: [] },
      ],
      trails: [{ name: 't', multiRegion: true, logging: true }],
      guardDuty: [
        { region: 'eu-central-1', enabled: true },
        { region: 'us-east-1', enabled: true },
      ],
    });
    expect(cloudTrail.commandCalls(DescribeTrailsCommand)).toHaveLength(1);
    expect(guardDuty.commandCalls(ListDetectorsCommand)).toHaveLength(2);
  });

  it('says it could not check trails when no region is configured', async () => {
    const snapshot = await collectPostureSnapshot(createSamplePosturePort(), []);
    expect(snapshot.trails).toMatchObject({ couldNotCheck: true });
  });
});

describe('sample posture port', () => {
  it('has something for every data-protection and logging status', async () => {
    const snapshot = await collectPostureSnapshot(createSamplePosturePort(), ['eu-west-1', 'us-east-1']);
    expect(snapshot.accountId).toBe(SAMPLE_ACCOUNT_ID);
    expect(snapshot.guardDuty.map((g) => g.enabled)).toEqual([true, false]);
    expect(snapshot.kmsKeys[1]?.keys).toMatchObject([{ rotationEnabled: { couldNotCheck: true } }]);
  });
});
