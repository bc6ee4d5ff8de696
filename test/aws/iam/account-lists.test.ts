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
import { createSdkIamInventoryPort } from '../../../src/aws/iam/sdk-port.js';
import { parseInventory } from '../../../src/iam/inventory/parse.js';
import { AwsError } from '../../../src/platform/errors.js';
import { createSilentLogger } from '../../../src/platform/log/logger.js';
import { deletePrefix, testRedisClient, uniquePrefix } from '../../support/redis.js';
import { ACCOUNT_ID, CREDENTIAL_REPORT_CSV, pageThree, ROLE_ARN, SUMMARY } from './fixtures.js';
import { accessDenied } from './iam-errors.js';

// The lists the Prowler-parity checks read (virtual MFA devices, server certificates, SAML
// providers): every page, the CLI's JSON, and AWS refusing one makes the review partial.

const iam = mockClient(IAMClient);
const redis = testRedisClient();
const NOW = new Date('2026-11-29T03:00:00Z');
let prefix = '';

const port = () =>
  createSdkIamInventoryPort({
    client: new IAMClient({ region: 'eu-west-1' }),
    redis,
    prefix,
    accountId: ACCOUNT_ID,
    roleArn: ROLE_ARN,
    now: () => NOW,
    logger: createSilentLogger(),
    sleep: async () => {},
  });

const device = (name: string, user?: string) => ({
  SerialNumber: `arn:aws:iam::${ACCOUNT_ID}:mfa/${name}`,
  ...(user
    ? { User: { UserName: user, Arn: `arn:aws:iam::${ACCOUNT_ID}:user/${user}`, CreateDate: NOW } }
    : {}),
  EnableDate: new Date('2025-02-03T04:05:06Z'),
});

beforeEach(() => {
  prefix = uniquePrefix('iamlists');
  iam.reset();
  iam.on(GetAccountAuthorizationDetailsCommand).resolves({ ...pageThree, IsTruncated: false });
  iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
  iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(CREDENTIAL_REPORT_CSV) });
  iam.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: { MinimumPasswordLength: 14 } });
  iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: SUMMARY });
  iam.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [] });
  iam.on(ListServerCertificatesCommand).resolves({ ServerCertificateMetadataList: [] });
  iam.on(ListSAMLProvidersCommand).resolves({ SAMLProviderList: [] });
});

afterEach(async () => {
  await deletePrefix(redis, prefix);
});
afterAll(() => {
  redis.disconnect();
});

describe('IAM lists for the Prowler-parity checks', () => {
  it('reads every page of assigned virtual MFA devices, in the CLI shape the parser accepts', async () => {
    const requests: unknown[] = [];
    const pages = [
      { VirtualMFADevices: [device('ines.okafor', 'ines.okafor')], IsTruncated: true, Marker: 'm-1' },
      { VirtualMFADevices: [device('build-bot', 'build-bot')], IsTruncated: false },
    ];
    iam.on(ListVirtualMFADevicesCommand).callsFake((input: object) => {
      requests.push({ ...input });
      return pages[requests.length - 1];
    });
    const raw = await port().collect();
    expect(requests).toEqual([
      { AssignmentStatus: 'Assigned', MaxItems: 1000, Marker: undefined },
      { AssignmentStatus: 'Assigned', MaxItems: 1000, Marker: 'm-1' },
    ]);
    expect(raw.virtualMfaDevices).toEqual([
      expect.objectContaining({
        SerialNumber: `arn:aws:iam::${ACCOUNT_ID}:mfa/ines.okafor`,
        EnableDate: '2025-02-03T04:05:06.000Z',
      }),
      expect.objectContaining({ SerialNumber: `arn:aws:iam::${ACCOUNT_ID}:mfa/build-bot` }),
    ]);
    expect(raw.unread).toBeUndefined();
    expect(parseInventory(raw).virtualMfaDevices?.map((d) => d.userArn)).toEqual([
      `arn:aws:iam::${ACCOUNT_ID}:user/ines.okafor`,
      `arn:aws:iam::${ACCOUNT_ID}:user/build-bot`,
    ]);
  });

  it('reads server certificates and SAML providers with their dates as ISO strings', async () => {
    iam.on(ListServerCertificatesCommand).resolves({
      ServerCertificateMetadataList: [
        {
          Path: '/',
          ServerCertificateName: 'www-2024',
          ServerCertificateId: 'ASCAEXAMPLE000000001',
          Arn: `arn:aws:iam::${ACCOUNT_ID}:server-certificate/www-2024`,
          UploadDate: new Date('2024-01-01T00:00:00Z'),
          Expiration: new Date('2025-01-01T00:00:00Z'),
        },
      ],
    });
    iam.on(ListSAMLProvidersCommand).resolves({
      SAMLProviderList: [
        {
          Arn: `arn:aws:iam::${ACCOUNT_ID}:saml-provider/corp-idp`,
          ValidUntil: new Date('2027-06-01T00:00:00Z'),
          CreateDate: new Date('2024-06-01T00:00:00Z'),
        },
      ],
    });
    const inventory = parseInventory(await port().collect());
    expect(inventory.serverCertificates).toEqual([
      {
        name: 'www-2024',
        arn: `arn:aws:iam::${ACCOUNT_ID}:server-certificate/www-2024`,
        expiration: '2025-01-01T00:00:00.000Z',
        uploadDate: '2024-01-01T00:00:00.000Z',
      },
    ]);
    expect(inventory.samlProviders).toEqual([
      {
        name: 'corp-idp',
        arn: `arn:aws:iam::${ACCOUNT_ID}:saml-provider/corp-idp`,
        validUntil: '2027-06-01T00:00:00.000Z',
        createDate: '2024-06-01T00:00:00.000Z',
      },
    ]);
  });

  it('notes a list AWS refuses as not read, naming the action, and reads the rest', async () => {
    iam.on(ListVirtualMFADevicesCommand).rejects(accessDenied('iam:ListVirtualMFADevices'));
    iam.on(ListSAMLProvidersCommand).rejects(accessDenied('iam:ListSAMLProviders'));
    const raw = await port().collect();
    expect(raw.virtualMfaDevices).toBeUndefined();
    expect(raw.samlProviders).toBeUndefined();
    expect(raw.serverCertificates).toEqual([]);
    expect(raw.unread).toEqual([
      { part: 'virtual MFA devices', reason: 'AWS refused iam:ListVirtualMFADevices' },
      { part: 'SAML providers', reason: 'AWS refused iam:ListSAMLProviders' },
    ]);
    expect(parseInventory(raw).unread).toEqual(raw.unread);
  });

  it('fails on anything but a refusal (retried by the job), and on a Marker that repeats', async () => {
    iam
      .on(ListServerCertificatesCommand)
      .rejects(Object.assign(new Error('boom'), { name: 'ServiceFailure' }));
    await expect(port().collect()).rejects.toBeInstanceOf(AwsError);
    iam
      .on(ListServerCertificatesCommand)
      .resolves({ ServerCertificateMetadataList: [], IsTruncated: true, Marker: 'same' });
    await expect(port().collect()).rejects.toThrow(/truncated without a new Marker/);
  });
});
