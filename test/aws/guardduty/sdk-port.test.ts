import {
  AccessDeniedException,
  GetFindingsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFindingsCommand,
} from '@aws-sdk/client-guardduty';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SdkGuardDutyFindingsPort } from '../../../src/aws/guardduty/sdk-port.js';
import { AwsError, ErrorCode } from '../../../src/platform/errors.js';
import { ACCOUNT, DETECTOR, findingIds, findingWith, loadGetFindings, REGION } from './gd-test-kit.js';

const ROLE = `arn:aws:iam::${ACCOUNT}:role/watchkeeper-reader`;
const gd = mockClient(GuardDutyClient);

function port(roleArn?: string) {
  const client = new GuardDutyClient({
    region: REGION,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
  });
  return new SdkGuardDutyFindingsPort(client, {
    accountId: ACCOUNT,
    region: REGION,
    ...(roleArn ? { roleArn } : {}),
  });
}

async function awsErrorOf(promise: Promise<unknown>): Promise<AwsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AwsError) return error;
    throw error;
  }
  throw new Error('expected an AwsError');
}

beforeEach(() => {
  gd.reset();
});

describe('SdkGuardDutyFindingsPort.listDetectors', () => {
  it('follows NextToken across pages', async () => {
    gd.on(ListDetectorsCommand)
      .resolvesOnce({ DetectorIds: ['d1'], NextToken: 'n1' })
      .resolvesOnce({ DetectorIds: ['d2'] });
    expect(await port().listDetectors()).toEqual(['d1', 'd2']);
    expect(gd.commandCalls(ListDetectorsCommand)[1]?.args[0].input).toEqual({ NextToken: 'n1' });
  });

  it('answers an empty list when GuardDuty is off in the region', async () => {
    gd.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    expect(await port().listDetectors()).toEqual([]);
  });
});

describe('SdkGuardDutyFindingsPort.listFindingIds', () => {
  it('asks for findings updated since the time, not archived, oldest first, 50 a page', async () => {
    gd.on(ListFindingsCommand).resolves({ FindingIds: ['a'], NextToken: 'next' });
    const page = await port().listFindingIds(DETECTOR, {
      updatedSinceMs: 1_741_900_000_000,
      includeArchived: false,
    });
    expect(page).toEqual({ ids: ['a'], nextToken: 'next' });
    expect(gd.commandCalls(ListFindingsCommand)[0]?.args[0].input).toEqual({
      DetectorId: DETECTOR,
      FindingCriteria: {
        Criterion: {
          updatedAt: { GreaterThanOrEqual: 1_741_900_000_000 },
          'service.archived': { Equals: ['false'] },
        },
      },
      SortCriteria: { AttributeName: 'updatedAt', OrderBy: 'ASC' },
      MaxResults: 50,
    });
  });

  it('leaves the archived filter out when archived findings are wanted, and passes NextToken', async () => {
    gd.on(ListFindingsCommand).resolves({ FindingIds: [] });
    await port().listFindingIds(DETECTOR, { updatedSinceMs: 5, includeArchived: true }, 'tok');
    const input = gd.commandCalls(ListFindingsCommand)[0]?.args[0].input;
    expect(input?.FindingCriteria?.Criterion).toEqual({ updatedAt: { GreaterThanOrEqual: 5 } });
    expect(input?.NextToken).toBe('tok');
  });

  it('treats an empty NextToken as the last page', async () => {
    gd.on(ListFindingsCommand).resolves({ FindingIds: ['a'], NextToken: '' });
    expect(await port().listFindingIds(DETECTOR, { updatedSinceMs: 0, includeArchived: false })).toEqual({
      ids: ['a'],
    });
  });

  it('turns AccessDenied into an AwsError naming guardduty:ListFindings and the role', async () => {
    gd.on(ListFindingsCommand).rejects(
      new AccessDeniedException({ message: 'access denied', $metadata: { httpStatusCode: 403 } }),
    );
    const error = await awsErrorOf(
      port(ROLE).listFindingIds(DETECTOR, { updatedSinceMs: 0, includeArchived: false }),
    );
    expect(error.code).toBe(ErrorCode.AwsAccessDenied);
    expect(error.missingAction).toBe('guardduty:ListFindings');
    expect(error.message).toBe(
      `GuardDuty ListFindings failed (AccessDeniedException): detector ${DETECTOR} in ${ACCOUNT}/${REGION}`,
    );
    expect(error.userMessage).toContain('guardduty:ListFindings');
    expect(error.userMessage).toContain(ROLE);
  });

  it('turns a response without FindingIds into an AwsError, not a crash', async () => {
    gd.on(ListFindingsCommand).resolves({ NextToken: 'x' } as never);
    const error = await awsErrorOf(
      port().listFindingIds(DETECTOR, { updatedSinceMs: 0, includeArchived: false }),
    );
    expect(error.awsCode).toBe('MalformedResponse');
    expect(error.message).toContain('FindingIds');
  });
});

describe('SdkGuardDutyFindingsPort.getFindings', () => {
  it('returns the findings of a fixture with every field kept', async () => {
    gd.on(GetFindingsCommand).resolves(loadGetFindings('get-findings-iam-and-s3.json'));
    const findings = await port().getFindings(DETECTOR, [
      'b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7',
      'c0e2a4c6e8a0c2e4a6c8e0a2c4e6a8c0',
    ]);
    expect(findings.map((f) => f.Id)).toEqual([
      'b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7',
      'c0e2a4c6e8a0c2e4a6c8e0a2c4e6a8c0',
    ]);
    expect(findings[1]).toHaveProperty('Resource.S3BucketDetails.0.Name', 'wk-test-exports');
  });

  it('asks for at most 50 ids per call', async () => {
    gd.on(GetFindingsCommand).callsFake((input: { FindingIds: string[] }) => ({
      Findings: input.FindingIds.map((id) => findingWith(id, '2025-03-14T08:00:00.000Z')),
    }));
    const ids = findingIds(120);
    const findings = await port().getFindings(DETECTOR, ids);
    const sizes = gd.commandCalls(GetFindingsCommand).map((call) => call.args[0].input.FindingIds?.length);
    expect(sizes).toEqual([50, 50, 20]);
    expect(findings.map((f) => f.Id)).toEqual(ids);
  });

  it('refuses findings whose UpdatedAt is not a timestamp (redacted sample) as a malformed response', async () => {
    gd.on(GetFindingsCommand).resolves(loadGetFindings('get-findings-redacted-dates.json'));
    const error = await awsErrorOf(port().getFindings(DETECTOR, ['d1f3b5d7f9b1d3f5b7d9f1b3d5f7b9d1']));
    expect(error.code).toBe(ErrorCode.AwsCallFailed);
    expect(error.awsCode).toBe('MalformedResponse');
    expect(error.message).toContain('Findings.0.UpdatedAt');
  });

  it('answers an empty list for ids GuardDuty no longer has', async () => {
    gd.on(GetFindingsCommand).resolves(loadGetFindings('get-findings-empty.json'));
    expect(await port().getFindings(DETECTOR, ['gone'])).toEqual([]);
  });
});
