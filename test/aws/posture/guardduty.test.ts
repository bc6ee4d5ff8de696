import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { readGuardDuty } from '../../../src/aws/posture/guardduty.js';
import { AwsError } from '../../../src/platform/errors.js';
import { guardDutyError } from './aws-errors.js';

const guardDuty = mockClient(GuardDutyClient);
const clients = { guardDuty: (region: string) => new GuardDutyClient({ region }) };

beforeEach(() => guardDuty.reset());

describe('GuardDuty per region', () => {
  it('is enabled when the region’s detector is ENABLED', async () => {
    guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: ['d-wk1'] });
    guardDuty
      .on(GetDetectorCommand, { DetectorId: 'd-wk1' })
      .resolves({ Status: 'ENABLED', ServiceRole: 'r', CreatedAt: 'x' });
    expect(await readGuardDuty(clients, 'eu-central-1')).toEqual({ region: 'eu-central-1', enabled: true });
  });

  it('is not enabled when the detector is DISABLED or there is no detector', async () => {
    guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: ['d-wk1'] });
    guardDuty.on(GetDetectorCommand).resolves({ Status: 'DISABLED', ServiceRole: 'r' });
    expect(await readGuardDuty(clients, 'eu-central-1')).toEqual({ region: 'eu-central-1', enabled: false });
    guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    expect(await readGuardDuty(clients, 'us-east-1')).toEqual({ region: 'us-east-1', enabled: false });
  });

  it('could not check a region where ListDetectors or GetDetector is denied', async () => {
    guardDuty.on(ListDetectorsCommand).rejects(guardDutyError('AccessDeniedException', 403));
    expect((await readGuardDuty(clients, 'eu-central-1')).enabled).toMatchObject({
      couldNotCheck: true,
      missingPermission: 'guardduty:ListDetectors',
    });
    guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: ['d-wk1'] });
    guardDuty.on(GetDetectorCommand).rejects(guardDutyError('AccessDeniedException', 403));
    expect((await readGuardDuty(clients, 'eu-central-1')).enabled).toMatchObject({
      couldNotCheck: true,
      missingPermission: 'guardduty:GetDetector',
    });
  });

  it('could not check a region that is not enabled for the account', async () => {
    guardDuty.on(ListDetectorsCommand).rejects(guardDutyError('UnrecognizedClientException', 403));
    const { enabled } = await readGuardDuty(clients, 'me-south-1');
    expect(enabled).toMatchObject({
      couldNotCheck: true,
      reason: expect.stringContaining('region is not enabled'),
    });
    expect(enabled).not.toHaveProperty('missingPermission');
  });

  it('treats a bare 403 as a refusal of the action it called', async () => {
    guardDuty.on(ListDetectorsCommand).rejects(guardDutyError('ForbiddenException', 403));
    expect((await readGuardDuty(clients, 'eu-central-1')).enabled).toMatchObject({
      missingPermission: 'guardduty:ListDetectors',
    });
  });

  it('fails with an AwsError on a server error', async () => {
    guardDuty.on(ListDetectorsCommand).rejects(guardDutyError('InternalServerErrorException', 500));
    await expect(readGuardDuty(clients, 'eu-central-1')).rejects.toBeInstanceOf(AwsError);
  });
});
