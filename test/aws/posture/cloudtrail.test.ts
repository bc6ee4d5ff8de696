import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { readTrails } from '../../../src/aws/posture/cloudtrail.js';
import { cloudTrailError } from './aws-errors.js';

const cloudTrail = mockClient(CloudTrailClient);
const clients = { cloudTrail: (region: string) => new CloudTrailClient({ region }) };
const orgArn = 'arn:aws:cloudtrail:eu-central-1:310987654322:trail/wk-org-trail';
const localArn = 'arn:aws:cloudtrail:eu-central-1:310987654322:trail/wk-local';

beforeEach(() => cloudTrail.reset());

describe('CloudTrail trails', () => {
  it('includes shadow trails and asks each trail’s status by ARN', async () => {
    cloudTrail.on(DescribeTrailsCommand).resolves({
      trailList: [
        { Name: 'wk-org-trail', TrailARN: orgArn, IsMultiRegionTrail: true, HomeRegion: 'eu-central-1' },
        { Name: 'wk-local', TrailARN: localArn, IsMultiRegionTrail: false, HomeRegion: 'eu-central-1' },
      ],
    });
    cloudTrail.on(GetTrailStatusCommand, { Name: orgArn }).resolves({ IsLogging: true });
    cloudTrail.on(GetTrailStatusCommand, { Name: localArn }).resolves({ IsLogging: false });
    expect(await readTrails(clients, 'us-east-1', 2)).toEqual([
      { name: 'wk-org-trail', arn: orgArn, homeRegion: 'eu-central-1', multiRegion: true, logging: true },
      { name: 'wk-local', arn: localArn, homeRegion: 'eu-central-1', multiRegion: false, logging: false },
    ]);
    expect(cloudTrail.commandCalls(DescribeTrailsCommand)[0]?.args[0].input).toEqual({
      includeShadowTrails: true,
    });
  });

  it('could not check the status of a trail when GetTrailStatus is denied', async () => {
    cloudTrail
      .on(DescribeTrailsCommand)
      .resolves({ trailList: [{ Name: 'wk-org-trail', TrailARN: orgArn, IsMultiRegionTrail: true }] });
    cloudTrail.on(GetTrailStatusCommand).rejects(cloudTrailError('AccessDeniedException'));
    const [trail] = (await readTrails(clients, 'us-east-1', 2)) as { logging: unknown }[];
    expect(trail?.logging).toMatchObject({
      couldNotCheck: true,
      missingPermission: 'cloudtrail:GetTrailStatus',
    });
  });

  it('could not check trails at all when DescribeTrails is denied', async () => {
    cloudTrail.on(DescribeTrailsCommand).rejects(cloudTrailError('AccessDeniedException'));
    expect(await readTrails(clients, 'us-east-1', 2)).toMatchObject({
      couldNotCheck: true,
      missingPermission: 'cloudtrail:DescribeTrails',
    });
  });

  it('returns no trails for an account without any', async () => {
    cloudTrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
    expect(await readTrails(clients, 'us-east-1', 2)).toEqual([]);
  });
});
