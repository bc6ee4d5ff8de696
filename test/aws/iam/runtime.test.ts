import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListSAMLProvidersCommand,
  ListServerCertificatesCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import {
  AWSOrganizationsNotInUseException,
  ListParentsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsClientCache } from '../../../src/aws/client-cache.js';
import { sdkIamRemediations } from '../../../src/aws/iam/remediation.js';
import { credentialReportKey } from '../../../src/aws/iam/report-cache.js';
import {
  type IamRuntimeContext,
  iamClientFor,
  organizationsClientFor,
  sdkIamInventoryPorts,
} from '../../../src/aws/iam/runtime.js';
import { loadConfig } from '../../../src/platform/config/load.js';
import { NotFoundError, toUserMessage } from '../../../src/platform/errors.js';
import { createSilentLogger } from '../../../src/platform/log/logger.js';
import { CANARY } from '../../support/config.js';
import { deletePrefix, testRedisClient, testRedisUrl, uniquePrefix } from '../../support/redis.js';
import { ACCOUNT_ID, CREDENTIAL_REPORT_CSV, pageThree, ROLE_ARN } from './fixtures.js';
import { accessDenied } from './iam-errors.js';

const iam = mockClient(IAMClient);
const organizations = mockClient(OrganizationsClient);
const redis = testRedisClient();
const prefix = uniquePrefix('iamrt');
const LOCAL_ACCOUNT = '777788889999';

const config = loadConfig({
  env: {
    WATCHKEEPER_CONFIG: 'watchkeeper.yaml',
    REDIS_URL: testRedisUrl(),
    WATCHKEEPER_QUEUE_PREFIX: prefix,
    SLACK_BOT_TOKEN: CANARY.botToken,
    SLACK_SIGNING_SECRET: CANARY.signingSecret,
  },
  readFile: () =>
    [
      'aws:',
      '  accounts:',
      `    - id: "${ACCOUNT_ID}"`,
      `      roleArn: ${ROLE_ARN}`,
      '      regions: [eu-central-1, eu-west-1]',
      `    - id: "${LOCAL_ACCOUNT}"`,
      '      regions: [us-west-2]',
    ].join('\n'),
});
const clients = new AwsClientCache(config);
const ctx: IamRuntimeContext = {
  config,
  redis,
  logger: createSilentLogger(),
  now: () => new Date('2026-11-29T03:00:00Z'),
};

beforeEach(() => {
  iam.reset();
  iam.on(GetAccountAuthorizationDetailsCommand).resolves(pageThree);
  iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
  iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(CREDENTIAL_REPORT_CSV) });
  iam.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: { MinimumPasswordLength: 16 } });
  iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { Users: 1 } });
  iam.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [] });
  iam.on(ListServerCertificatesCommand).resolves({ ServerCertificateMetadataList: [] });
  iam.on(ListSAMLProvidersCommand).resolves({ SAMLProviderList: [] });
  organizations.reset();
  organizations
    .on(ListParentsCommand)
    .rejects(new AWSOrganizationsNotInUseException({ $metadata: {}, message: 'not in use' }));
});

afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('IAM runtime', () => {
  it("builds one IAM client per account, in the account's first region", async () => {
    const client = iamClientFor(clients, ctx, ACCOUNT_ID);
    expect(iamClientFor(clients, ctx, ACCOUNT_ID)).toBe(client);
    expect(await client.config.region()).toBe('eu-central-1');
    expect(await iamClientFor(clients, ctx, LOCAL_ACCOUNT).config.region()).toBe('us-west-2');
    expect(() => iamClientFor(clients, ctx, '123456789012')).toThrow(NotFoundError);
    // Organizations has one endpoint, in us-east-1, whatever regions the account lists.
    const orgs = organizationsClientFor(clients, ACCOUNT_ID);
    expect(organizationsClientFor(clients, ACCOUNT_ID)).toBe(orgs);
    expect(await orgs.config.region()).toBe('us-east-1');
  });

  it('collects with the configured Redis prefix and names the configured role when refused', async () => {
    const inventory = await sdkIamInventoryPorts(clients)(ctx, ACCOUNT_ID).collect();
    expect(inventory.accountId).toBe(ACCOUNT_ID);
    // The port asks Organizations for the SCPs; outside an organization that is a note, not a failure.
    expect(organizations.commandCalls(ListParentsCommand)[0]?.args[0].input).toEqual({ ChildId: ACCOUNT_ID });
    expect(inventory.unread).toEqual([
      { part: 'service control policies', reason: 'the account is not in an AWS Organizations organization' },
    ]);
    expect(await redis.exists(credentialReportKey(config.redis.prefix, ACCOUNT_ID))).toBe(1);

    iam.on(GetAccountSummaryCommand).rejects(accessDenied('iam:GetAccountSummary'));
    const error = await sdkIamInventoryPorts(clients)(ctx, ACCOUNT_ID)
      .collect()
      .catch((e: unknown) => e);
    expect(toUserMessage(error)).toBe(
      `AWS refused iam:GetAccountSummary for ${ROLE_ARN}. Add that action to Watchkeeper's IAM policy (deploy/iam-policy.json).`,
    );
  });

  it('builds the remediation for an account without a role, naming no role when refused', async () => {
    iam.on(ListAccessKeysCommand).rejects(accessDenied('iam:ListAccessKeys'));
    const error = await sdkIamRemediations(clients)(ctx, LOCAL_ACCOUNT)
      .planRevoke({ kind: 'user', name: 'ines.okafor' })
      .catch((e: unknown) => e);
    expect(toUserMessage(error)).toBe(
      "AWS refused iam:ListAccessKeys. Add that action to Watchkeeper's IAM policy (deploy/iam-policy.json).",
    );
  });
});
