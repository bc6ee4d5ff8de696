import { AccessDeniedException, GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { IntakeJob } from '../../../src/alerts/intake/intake-job.js';
import { normalize } from '../../../src/alerts/normalize.js';
import { RedisCursorStore } from '../../../src/aws/guardduty/sync-cursor.js';
import { SdkSecurityHubFindingsPort } from '../../../src/aws/securityhub/sdk-port.js';
import { AwsError, ErrorCode } from '../../../src/platform/errors.js';
import { createLogger } from '../../../src/platform/log/logger.js';
import { securityHubCursorKey, syncSecurityHubFindings } from '../../../workflows/securityhub-sync.js';
import { fixture } from '../../alerts/helpers.js';
import { deletePrefix, testRedisClient, uniquePrefix } from '../../support/redis.js';

const ACCOUNT = '210987654321';
const REGION = 'eu-west-1';
const hub = mockClient(SecurityHubClient);

type Finding = Record<string, unknown>;
const inspector = fixture('securityhub/asff-inspector-finding.json') as Finding;
const { Findings: [macie, thirdParty] = [] } = fixture('securityhub/get-findings-response.json') as {
  Findings: Finding[];
};

function port() {
  const client = new SecurityHubClient({
    region: REGION,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
  });
  return new SdkSecurityHubFindingsPort(client, { accountId: ACCOUNT, region: REGION });
}

beforeEach(() => {
  hub.reset();
});

describe('SdkSecurityHubFindingsPort', () => {
  it('asks for findings updated since the cursor, oldest first, 100 a page, and follows NextToken', async () => {
    hub.on(GetFindingsCommand).resolvesOnce({ Findings: [inspector] as never, NextToken: 'n1' });
    const page = await port().getFindings(Date.parse('2025-02-11T00:00:00Z'));
    expect(page).toMatchObject({ nextToken: 'n1', findings: [{ Id: inspector.Id }] });
    expect(hub.commandCalls(GetFindingsCommand)[0]?.args[0].input).toEqual({
      Filters: { UpdatedAt: [{ Start: '2025-02-11T00:00:00.000Z', End: '2999-12-31T23:59:59.999Z' }] },
      SortCriteria: [{ Field: 'UpdatedAt', SortOrder: 'asc' }],
      MaxResults: 100,
    });
  });

  it('turns access denied into an AwsError naming securityhub:GetFindings', async () => {
    hub
      .on(GetFindingsCommand)
      .rejects(
        new AccessDeniedException({ message: 'User is not authorized', $metadata: { httpStatusCode: 403 } }),
      );
    const error = (await port()
      .getFindings(0)
      .catch((e: unknown) => e)) as AwsError;
    expect(error).toBeInstanceOf(AwsError);
    expect(error.code).toBe(ErrorCode.AwsAccessDenied);
    expect(error.missingAction).toBe('securityhub:GetFindings');
  });

  it('refuses a response without Findings as a malformed AwsError', async () => {
    hub.on(GetFindingsCommand).resolves({ NextToken: 'x' } as never);
    const error = (await port()
      .getFindings(0)
      .catch((e: unknown) => e)) as AwsError;
    expect(error).toBeInstanceOf(AwsError);
    expect(error.awsCode).toBe('MalformedResponse');
    expect(error.code).not.toBe(ErrorCode.AwsAccessDenied);
  });
});

describe('syncSecurityHubFindings', () => {
  const redis = testRedisClient();
  const prefix = uniquePrefix('shsync');
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('enqueues every page as ASFF intake jobs that normalize, and moves the cursor to the newest UpdatedAt', async () => {
    hub
      .on(GetFindingsCommand)
      .resolvesOnce({ Findings: [inspector] as never, NextToken: 'n1' })
      .resolvesOnce({ Findings: [macie, thirdParty] as never });
    const cursorStore = new RedisCursorStore(redis, prefix);
    const stored: IntakeJob[] = [];
    const now = () => new Date('2025-02-18T00:00:00Z');
    const figures = await syncSecurityHubFindings({
      account: ACCOUNT,
      region: REGION,
      port: port(),
      cursorStore,
      enqueue: async (jobs) => {
        stored.push(...jobs);
      },
      now,
      logger: createLogger({ level: 'silent' }),
    });
    expect(figures).toEqual({ pages: 2, enqueued: 3 });
    expect(stored.map((j) => j.kind)).toEqual(Array(3).fill('securityhub-asff-finding'));
    const results = stored.map((job) => normalize(job, { now }));
    expect(results.map((r) => r.status)).toEqual(['normalized', 'normalized', 'normalized']);
    expect(await cursorStore.get(securityHubCursorKey(ACCOUNT, REGION))).toBe(
      Date.parse('2025-02-17T03:15:00.000Z'),
    );
    // The first poll looked back the default 24 hours.
    const start = hub.commandCalls(GetFindingsCommand)[0]?.args[0].input.Filters?.UpdatedAt?.[0]?.Start;
    expect(start).toBe('2025-02-17T00:00:00.000Z');
  });

  it('leaves the cursor where it was when storing fails, so the retry polls the same findings', async () => {
    const cursorStore = new RedisCursorStore(redis, `${prefix}-fail`);
    hub.on(GetFindingsCommand).resolves({ Findings: [inspector] as never });
    await expect(
      syncSecurityHubFindings({
        account: ACCOUNT,
        region: REGION,
        port: port(),
        cursorStore,
        enqueue: async () => {
          throw new Error('Redis is down');
        },
        now: () => new Date('2025-02-18T00:00:00Z'),
        logger: createLogger({ level: 'silent' }),
      }),
    ).rejects.toThrow(/Redis is down/);
    expect(await cursorStore.get(securityHubCursorKey(ACCOUNT, REGION))).toBeUndefined();
  });
});
