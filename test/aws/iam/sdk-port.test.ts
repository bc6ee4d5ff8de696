import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListSAMLProvidersCommand,
  ListServerCertificatesCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CollectProgress } from '../../../src/aws/iam/port.js';
import { CREDENTIAL_REPORT_TTL_MS, credentialReportKey } from '../../../src/aws/iam/report-cache.js';
import { createSdkIamInventoryPort } from '../../../src/aws/iam/sdk-port.js';
import { AwsError, ErrorCode, toUserMessage } from '../../../src/platform/errors.js';
import { createSilentLogger } from '../../../src/platform/log/logger.js';
import { deletePrefix, testRedisClient, uniquePrefix } from '../../support/redis.js';
import {
  ACCOUNT_ID,
  ADMIN_DOCUMENT,
  ASSUME_DOCUMENT,
  CREDENTIAL_REPORT_CSV,
  pageOne,
  pageThree,
  pageTwo,
  REPORT_GENERATED,
  ROLE_ARN,
  SUMMARY,
} from './fixtures.js';
import { accessDenied, noSuchEntity, reportExpired, reportNotPresent, reportNotReady } from './iam-errors.js';

const iam = mockClient(IAMClient);
const redis = testRedisClient();
const NOW = new Date('2026-11-29T03:00:00Z');
const PASSWORD_POLICY = {
  MinimumPasswordLength: 14,
  RequireSymbols: true,
  RequireNumbers: true,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  AllowUsersToChangePassword: true,
  ExpirePasswords: false,
  PasswordReusePrevention: 24,
};

let prefix = '';
let sleeps: number[] = [];

function port(overrides: { reportTimeoutMs?: number; roleArn?: string } = {}) {
  return createSdkIamInventoryPort({
    client: new IAMClient({ region: 'eu-west-1' }),
    redis,
    prefix,
    accountId: ACCOUNT_ID,
    now: () => NOW,
    logger: createSilentLogger(),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    pollIntervalMs: 500,
    ...overrides,
  });
}

const reportBytes = (csv = CREDENTIAL_REPORT_CSV) => new TextEncoder().encode(csv);

beforeEach(() => {
  prefix = uniquePrefix('iam');
  sleeps = [];
  iam.reset();
  iam
    .on(GetAccountAuthorizationDetailsCommand)
    .resolves({ ...pageThree, UserDetailList: [], Policies: [], IsTruncated: false });
  iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
  iam.on(GetCredentialReportCommand).resolves({
    Content: reportBytes(),
    ReportFormat: 'text/csv',
    GeneratedTime: REPORT_GENERATED,
  });
  iam.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: PASSWORD_POLICY });
  iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: SUMMARY });
  iam.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [], IsTruncated: false });
  iam.on(ListServerCertificatesCommand).resolves({ ServerCertificateMetadataList: [], IsTruncated: false });
  iam.on(ListSAMLProvidersCommand).resolves({ SAMLProviderList: [] });
});

afterEach(async () => {
  await deletePrefix(redis, prefix);
});

afterAll(() => {
  redis.disconnect();
});

describe('authorization details', () => {
  beforeEach(() => {
    iam
      .on(GetAccountAuthorizationDetailsCommand)
      .resolves(pageOne)
      .on(GetAccountAuthorizationDetailsCommand, { Marker: 'marker-1' })
      .resolves(pageTwo)
      .on(GetAccountAuthorizationDetailsCommand, { Marker: 'marker-2' })
      .resolves(pageThree);
  });

  it('follows Marker over three pages, 1000 items a page, and reports progress after each', async () => {
    // The paginator reuses one input object, so the mock's recorded inputs all show the last
    // Marker: copy each request as it is sent.
    const requests: unknown[] = [];
    const pages = [pageOne, pageTwo, pageThree];
    iam.on(GetAccountAuthorizationDetailsCommand).callsFake((input: object) => {
      requests.push({ ...input });
      return pages[requests.length - 1];
    });
    const progress: CollectProgress[] = [];
    const inventory = await port().collect((p) => progress.push(p));

    expect(requests).toEqual([
      { MaxItems: 1000, Marker: undefined },
      { MaxItems: 1000, Marker: 'marker-1' },
      { MaxItems: 1000, Marker: 'marker-2' },
    ]);
    expect(progress.filter((p) => p.stage === 'authorization-details')).toEqual([
      { stage: 'authorization-details', pages: 0, principals: 0 },
      { stage: 'authorization-details', pages: 1, principals: 2 },
      { stage: 'authorization-details', pages: 2, principals: 3 },
      { stage: 'authorization-details', pages: 3, principals: 4 },
    ]);
    expect(progress.map((p) => p.stage).slice(-6)).toEqual([
      'credential-report',
      'password-policy',
      'summary',
      'mfa-devices',
      'server-certificates',
      'saml-providers',
    ]);

    const details = inventory.authorizationDetails as {
      UserDetailList: Array<{ UserName: string }>;
      GroupDetailList: unknown[];
      RoleDetailList: unknown[];
      Policies: unknown[];
    };
    expect(details.UserDetailList.map((u) => u.UserName)).toEqual(['ines.okafor', 'build-bot']);
    expect(details.GroupDetailList).toHaveLength(1);
    expect(details.RoleDetailList).toHaveLength(1);
    expect(details.Policies).toHaveLength(1);
    expect(Object.keys(details).sort()).toEqual([
      'GroupDetailList',
      'Policies',
      'RoleDetailList',
      'UserDetailList',
    ]);
  });

  it('keeps policy documents URL-encoded, exactly as AWS sent them, and turns Dates into ISO strings', async () => {
    const inventory = await port().collect();
    const details = inventory.authorizationDetails as Record<string, Array<Record<string, unknown>>>;
    const [ines] = details.UserDetailList ?? [];
    expect(ines?.UserPolicyList).toEqual([{ PolicyName: 'inline-admin', PolicyDocument: ADMIN_DOCUMENT }]);
    expect(ADMIN_DOCUMENT).toMatch(/^%7B%22Version%22/);
    expect(ines?.CreateDate).toBe('2024-03-05T08:15:00.000Z');
    const [role] = details.RoleDetailList ?? [];
    expect(role?.AssumeRolePolicyDocument).toBe(ASSUME_DOCUMENT);
    expect(role?.RoleLastUsed).toEqual({ LastUsedDate: '2026-11-20T10:00:00.000Z', Region: 'eu-west-1' });
    const [policy] = details.Policies ?? [];
    expect(policy?.UpdateDate).toBe('2025-01-09T12:00:00.000Z');
    expect(policy?.PolicyVersionList).toEqual([
      {
        Document: ADMIN_DOCUMENT,
        VersionId: 'v2',
        IsDefaultVersion: true,
        CreateDate: '2024-03-05T08:15:00.000Z',
      },
    ]);
    // The whole inventory is plain JSON: what `aws iam get-account-authorization-details` prints.
    expect(JSON.parse(JSON.stringify(inventory))).toEqual(inventory);
  });

  it('stops with an invalid-response error when AWS hands back a Marker it already gave', async () => {
    iam
      .on(GetAccountAuthorizationDetailsCommand, { Marker: 'marker-2' })
      .resolves({ ...pageTwo, Marker: 'marker-1' });
    const error = await port()
      .collect()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsError);
    expect(error).toMatchObject({
      code: ErrorCode.AwsCallFailed,
      awsCode: 'InvalidResponse',
      operation: 'GetAccountAuthorizationDetails',
    });
    expect((error as Error).message).toMatch(/page 3 repeats an earlier Marker/);
    expect(iam.commandCalls(GetAccountAuthorizationDetailsCommand)).toHaveLength(3);
  });

  it('stops at the page that is not truncated even if it carries a Marker', async () => {
    iam
      .on(GetAccountAuthorizationDetailsCommand, { Marker: 'marker-2' })
      .resolves({ ...pageThree, Marker: 'marker-3' });
    await port().collect();
    expect(iam.commandCalls(GetAccountAuthorizationDetailsCommand)).toHaveLength(3);
  });

  it('rejects a truncated page without a Marker', async () => {
    iam
      .on(GetAccountAuthorizationDetailsCommand, { Marker: 'marker-1' })
      .resolves({ ...pageTwo, Marker: undefined });
    await expect(port().collect()).rejects.toMatchObject({
      awsCode: 'InvalidResponse',
      message: expect.stringMatching(/page 2 is truncated but has no Marker/),
    });
  });

  it('names iam:GetAccountAuthorizationDetails and the role when AWS refuses', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).rejects(accessDenied('iam:GetAccountAuthorizationDetails'));
    const error = await port({ roleArn: ROLE_ARN })
      .collect()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsError);
    expect(error).toMatchObject({
      code: ErrorCode.AwsAccessDenied,
      missingAction: 'iam:GetAccountAuthorizationDetails',
      message: `IAM GetAccountAuthorizationDetails failed (AccessDenied): account ${ACCOUNT_ID}`,
    });
    expect(toUserMessage(error)).toBe(
      `AWS refused iam:GetAccountAuthorizationDetails for ${ROLE_ARN}. Add that action to Watchkeeper's IAM policy (deploy/iam-policy.json).`,
    );
  });
});

describe('credential report', () => {
  it('generates the report, polling until COMPLETE, then decodes the CSV', async () => {
    iam
      .on(GenerateCredentialReportCommand)
      .resolvesOnce({ State: 'STARTED' })
      .resolvesOnce({ State: 'INPROGRESS' })
      .resolves({ State: 'COMPLETE' });
    const inventory = await port().collect();
    expect(inventory.credentialReportCsv).toBe(CREDENTIAL_REPORT_CSV);
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(3);
    expect(iam.commandCalls(GetCredentialReportCommand)).toHaveLength(1);
    expect(sleeps).toEqual([500, 500]);
  });

  it('keeps polling while the report is not ready, and generates again when it is missing or expired', async () => {
    iam
      .on(GetCredentialReportCommand)
      .rejectsOnce(reportNotReady())
      .rejectsOnce(reportNotPresent())
      .rejectsOnce(reportExpired())
      .resolves({ Content: reportBytes(), GeneratedTime: REPORT_GENERATED });
    const inventory = await port().collect();
    expect(inventory.credentialReportCsv).toBe(CREDENTIAL_REPORT_CSV);
    expect(iam.commandCalls(GetCredentialReportCommand)).toHaveLength(4);
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(4);
    expect(sleeps).toEqual([500, 500, 500]);
  });

  it('gives up after reportTimeoutMs with a typed error', async () => {
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
    const error = await port({ reportTimeoutMs: 2_000 })
      .collect()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: ErrorCode.AwsCallFailed,
      awsCode: 'Timeout',
      operation: 'GenerateCredentialReport',
      message: expect.stringContaining('not ready after 2 s'),
    });
    expect(sleeps).toEqual([500, 500, 500, 500]);
    expect(iam.commandCalls(GetCredentialReportCommand)).toHaveLength(0);
  });

  it('caches the report for 4 hours per account under the prefix', async () => {
    await port().collect();
    const key = credentialReportKey(prefix, ACCOUNT_ID);
    expect(key).toBe(`${prefix}:iam:credential-report:${ACCOUNT_ID}`);
    expect(JSON.parse((await redis.get(key)) ?? 'null')).toEqual({
      generatedTime: REPORT_GENERATED.toISOString(),
      csv: CREDENTIAL_REPORT_CSV,
    });
    const ttl = await redis.pttl(key);
    expect(CREDENTIAL_REPORT_TTL_MS).toBe(4 * 60 * 60 * 1000);
    expect(ttl).toBeGreaterThan(CREDENTIAL_REPORT_TTL_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(CREDENTIAL_REPORT_TTL_MS);
  });

  it('uses a cached report without calling AWS for it', async () => {
    const cachedCsv = CREDENTIAL_REPORT_CSV.replace('ines.okafor', 'cached.user');
    await redis.set(
      credentialReportKey(prefix, ACCOUNT_ID),
      JSON.stringify({ generatedTime: '2026-11-29T02:00:00.000Z', csv: cachedCsv }),
      'PX',
      60_000,
    );
    const inventory = await port().collect();
    expect(inventory.credentialReportCsv).toBe(cachedCsv);
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(0);
    expect(iam.commandCalls(GetCredentialReportCommand)).toHaveLength(0);
  });

  it('asks AWS again once the cached report has expired', async () => {
    await redis.set(
      credentialReportKey(prefix, ACCOUNT_ID),
      JSON.stringify({ generatedTime: '2026-11-29T02:00:00.000Z', csv: 'stale' }),
      'PX',
      30,
    );
    await new Promise((resolve) => setTimeout(resolve, 80));
    const inventory = await port().collect();
    expect(inventory.credentialReportCsv).toBe(CREDENTIAL_REPORT_CSV);
    expect(iam.commandCalls(GetCredentialReportCommand)).toHaveLength(1);
  });

  it('replaces a damaged cache entry instead of trusting it', async () => {
    await redis.set(credentialReportKey(prefix, ACCOUNT_ID), '{"csv": 42}');
    const inventory = await port().collect();
    expect(inventory.credentialReportCsv).toBe(CREDENTIAL_REPORT_CSV);
    expect(JSON.parse((await redis.get(credentialReportKey(prefix, ACCOUNT_ID))) ?? 'null')).toMatchObject({
      csv: CREDENTIAL_REPORT_CSV,
    });
  });

  it('rejects a response without a State', async () => {
    iam.on(GenerateCredentialReportCommand).resolves({});
    await expect(port().collect()).rejects.toMatchObject({
      awsCode: 'InvalidResponse',
      operation: 'GenerateCredentialReport',
      message: expect.stringContaining('State is undefined'),
    });
  });

  it('rejects report content that is not bytes, or not UTF-8', async () => {
    iam.on(GetCredentialReportCommand).resolves({ Content: 'user,arn' as unknown as Uint8Array });
    await expect(port().collect()).rejects.toMatchObject({
      awsCode: 'InvalidResponse',
      message: expect.stringContaining('Content is not a byte array'),
    });
    iam.on(GetCredentialReportCommand).resolves({ Content: new Uint8Array([0xff, 0xfe, 0x41]) });
    await expect(port().collect()).rejects.toMatchObject({
      awsCode: 'InvalidResponse',
      message: expect.stringContaining('not UTF-8'),
    });
  });

  it('names iam:GenerateCredentialReport when AWS refuses', async () => {
    iam.on(GenerateCredentialReportCommand).rejects(accessDenied('iam:GenerateCredentialReport'));
    await expect(port().collect()).rejects.toMatchObject({
      code: ErrorCode.AwsAccessDenied,
      missingAction: 'iam:GenerateCredentialReport',
    });
  });
});

describe('password policy and summary', () => {
  it('returns the password policy and the summary map in the CLI shape', async () => {
    const inventory = await port().collect();
    expect(inventory.passwordPolicy).toEqual(PASSWORD_POLICY);
    expect(inventory.summary).toEqual(SUMMARY);
    expect(inventory.accountId).toBe(ACCOUNT_ID);
    expect(inventory.collectedAt).toBe(NOW.toISOString());
  });

  it('reads NoSuchEntity as "the account has no password policy"', async () => {
    iam.on(GetAccountPasswordPolicyCommand).rejects(noSuchEntity());
    const inventory = await port().collect();
    expect(inventory.passwordPolicy).toBeNull();
  });

  it('names iam:GetAccountPasswordPolicy when AWS refuses', async () => {
    iam.on(GetAccountPasswordPolicyCommand).rejects(accessDenied('iam:GetAccountPasswordPolicy'));
    await expect(port().collect()).rejects.toMatchObject({
      code: ErrorCode.AwsAccessDenied,
      missingAction: 'iam:GetAccountPasswordPolicy',
    });
  });

  it('rejects a summary without a SummaryMap', async () => {
    iam.on(GetAccountSummaryCommand).resolves({});
    await expect(port().collect()).rejects.toMatchObject({
      awsCode: 'InvalidResponse',
      operation: 'GetAccountSummary',
    });
  });
});
