import { describe, expect, it } from 'vitest';
import { parseAuthDetails } from '../../src/iam/inventory/auth-details.js';
import { parseCredentialReport } from '../../src/iam/inventory/credential-report.js';
import { parseVirtualMfaDevices } from '../../src/iam/inventory/mfa-devices.js';
import { parseInventory } from '../../src/iam/inventory/parse.js';
import { parsePasswordPolicy } from '../../src/iam/inventory/password-policy.js';
import { parsePolicyDocument } from '../../src/iam/inventory/policy-document.js';
import { parseSamlProviders } from '../../src/iam/inventory/saml-providers.js';
import { parseServerCertificates } from '../../src/iam/inventory/server-certificates.js';
import { RAW } from './review/fake-inventory.js';

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

describe('policy documents', () => {
  const document = {
    Version: '2012-10-17',
    Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
  };

  it('accepts the API’s URL-encoded string and the CLI’s decoded object alike', () => {
    const fromApi = parsePolicyDocument(encodeURIComponent(JSON.stringify(document)));
    const fromCli = parsePolicyDocument(document);
    expect(fromApi).toEqual(fromCli);
    expect(fromApi).toEqual({
      ok: true,
      document: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] }],
      },
    });
  });

  it('normalizes principals and condition values to arrays', () => {
    const result = parsePolicyDocument({
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::1:root' },
          Action: 'sts:AssumeRole',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': true } },
        },
        { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
      ],
    });
    expect(result.ok && result.document.Statement[0]).toMatchObject({
      Principal: { AWS: ['arn:aws:iam::1:root'] },
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': ['true'] } },
    });
    expect(result.ok && result.document.Statement[1]?.Principal).toBe('*');
  });

  it('names what is wrong inside a document', () => {
    expect(parsePolicyDocument('%E0%A4%A')).toMatchObject({
      ok: false,
      problems: [{ message: /URL-encoded/ }],
    });
    expect(parsePolicyDocument('%7Bnot json')).toMatchObject({
      ok: false,
      problems: [{ message: /not a JSON policy document/ }],
    });
    expect(parsePolicyDocument({ Statement: [{ Effect: 'Maybe', Action: 'x:y' }] })).toMatchObject({
      ok: false,
      problems: [{ path: ['Statement', 0, 'Effect'] }],
    });
    expect(parsePolicyDocument({ Statement: [{ Effect: 'Allow', Resource: '*' }] })).toMatchObject({
      ok: false,
      problems: [{ message: /Action or NotAction/ }],
    });
  });
});

describe('authorization details', () => {
  it('reads users, groups, roles and the default version of managed policies', () => {
    const parsed = parseAuthDetails({
      UserDetailList: [
        {
          UserName: 'a',
          Arn: 'arn:aws:iam::1:user/a',
          CreateDate: '2019-12-18 19:10:08+00:00',
          GroupList: ['g'],
        },
      ],
      GroupDetailList: [
        {
          GroupName: 'g',
          Arn: 'arn:aws:iam::1:group/g',
          GroupPolicyList: [
            {
              PolicyName: 'p',
              PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
            },
          ],
        },
      ],
      RoleDetailList: [
        {
          RoleName: 'r',
          Arn: 'arn:aws:iam::1:role/r',
          CreateDate: '2024-01-01T00:00:00Z',
          AssumeRolePolicyDocument: encodeURIComponent(
            JSON.stringify({
              Statement: [
                { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
              ],
            }),
          ),
          RoleLastUsed: {},
        },
      ],
      Policies: [
        {
          PolicyName: 'm',
          Arn: 'arn:aws:iam::aws:policy/m',
          DefaultVersionId: 'v2',
          AttachmentCount: 3,
          PolicyVersionList: [
            {
              VersionId: 'v1',
              IsDefaultVersion: false,
              Document: { Statement: [{ Effect: 'Allow', Action: 'old:*', Resource: '*' }] },
            },
            {
              VersionId: 'v2',
              IsDefaultVersion: true,
              Document: { Statement: [{ Effect: 'Allow', Action: 'new:*', Resource: '*' }] },
            },
          ],
        },
      ],
    });
    expect(parsed.users[0]).toMatchObject({
      name: 'a',
      createDate: '2019-12-18T19:10:08.000Z',
      groups: ['g'],
      tags: {},
    });
    expect(parsed.groups[0]?.inlinePolicies[0]?.document.Statement[0]?.Action).toEqual(['*']);
    expect(parsed.roles[0]?.lastUsed).toBeUndefined();
    expect(parsed.roles[0]?.trustPolicy.Statement[0]?.Principal).toEqual({ Service: ['ec2.amazonaws.com'] });
    expect(parsed.policies[0]).toMatchObject({ awsManaged: true, attachmentCount: 3 });
    expect(parsed.policies[0]?.document.Statement[0]?.Action).toEqual(['new:*']);
  });

  it('names the JSON path of each bad value', () => {
    expect(() =>
      parseAuthDetails({ UserDetailList: [{ UserName: 'a', Arn: 'nope', CreateDate: 'x' }] }),
    ).toThrow(
      /UserDetailList\[0\]\.Arn.*UserDetailList\[0\]\.CreateDate|UserDetailList\[0\]\.CreateDate.*UserDetailList\[0\]\.Arn/s,
    );
    expect(() =>
      parseAuthDetails({
        UserDetailList: [
          {
            UserName: 'a',
            Arn: 'arn:aws:iam::1:user/a',
            CreateDate: '2024-01-01T00:00:00Z',
            UserPolicyList: [
              { PolicyName: 'p', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 7 }] } },
            ],
          },
        ],
      }),
    ).toThrow(/UserDetailList\[0\]\.UserPolicyList\[0\]\.PolicyDocument\.Statement\[0\]\.Action/);
    expect(() =>
      parseAuthDetails({
        Policies: [{ PolicyName: 'm', Arn: 'arn:aws:iam::1:policy/m', PolicyVersionList: [] }],
      }),
    ).toThrow(/Policies\[0\]\.PolicyVersionList: has no default version/);
    expect(() => parseAuthDetails('not an object')).toThrow(/is not an authorization-details document/);
  });
});

describe('the credential report', () => {
  it('reads N/A, no_information, not_supported and the <root_account> row', () => {
    const csv = [
      HEADER,
      '<root_account>,arn:aws:iam::1:root,2015-06-24T12:45:00+00:00,not_supported,2016-10-07T14:30:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
      'credential-user,arn:aws:iam::1:user/credential-user,2015-10-22T16:40:00+00:00,true,no_information,N/A,N/A,false,true,2015-10-22T14:45:00+00:00,2017-08-30T13:32:00+00:00,eu-west-1,ec2,true,2016-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A',
      '',
    ].join('\r\n');
    const [root, u] = parseCredentialReport(csv);
    expect(root).toMatchObject({
      user: '<root_account>',
      root: true,
      passwordEnabled: false,
      mfaActive: true,
      passwordLastUsed: '2016-10-07T14:30:00.000Z',
    });
    expect(root?.passwordLastChanged).toBeUndefined();
    expect(u).toMatchObject({ root: false, passwordEnabled: true, mfaActive: false });
    expect(u?.passwordLastUsed).toBeUndefined();
    expect(u?.accessKeys).toEqual([
      {
        active: true,
        lastRotated: '2015-10-22T14:45:00.000Z',
        lastUsed: '2017-08-30T13:32:00.000Z',
        lastUsedService: 'ec2',
      },
      { active: true, lastRotated: '2016-01-01T00:00:00.000Z' },
    ]);
  });

  it('names a missing column, an unreadable value and a malformed CSV', () => {
    expect(() => parseCredentialReport(HEADER.replace(',mfa_active', ''))).toThrow(/no "mfa_active" column/);
    expect(() =>
      parseCredentialReport(
        `${HEADER}\nu,arn:aws:iam::1:user/u,yesterday,maybe,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n`,
      ),
    ).toThrow(/line 2 user_creation_time.*line 2 password_enabled/s);
    expect(() => parseCredentialReport(`${HEADER}\nonly,three,columns\n`)).toThrow(/not valid CSV/);
  });
});

describe('password policy and the whole inventory', () => {
  it('takes the CLI’s wrapper or the bare object, and null for "no policy"', () => {
    expect(
      parsePasswordPolicy({ PasswordPolicy: { MinimumPasswordLength: 14, ExpirePasswords: false } }),
    ).toEqual({
      minimumPasswordLength: 14,
      expirePasswords: false,
    });
    expect(parsePasswordPolicy({ PasswordReusePrevention: 24 })).toEqual({ passwordReusePrevention: 24 });
    expect(parsePasswordPolicy(null)).toBeNull();
    expect(() => parsePasswordPolicy({ MinimumPasswordLength: 'long' })).toThrow(/MinimumPasswordLength/);
  });

  it('parses a raw inventory as ports return it, taking the account from the ARNs when not given', () => {
    const { accountId: _dropped, ...withoutAccount } = RAW;
    const inv = parseInventory(withoutAccount);
    expect(inv.accountId).toBe('210987654321');
    expect(inv.users.map((u) => u.name)).toEqual(['mallory.admin', 'ops.reader']);
    expect(inv.credentialReport).toHaveLength(3);
    expect(inv.passwordPolicy?.minimumPasswordLength).toBe(16);
    expect(inv.summary?.AccountMFAEnabled).toBe(1);
    expect(() => parseInventory({ ...RAW, summary: { Users: 'two' } as never })).toThrow(/account summary/);
    expect(() => parseInventory({ ...RAW, collectedAt: 'soon' })).toThrow(/not a date/);
  });
});

describe('the lists the Prowler-parity checks read', () => {
  const MFA = 'arn:aws:iam::210987654321:mfa/ana';
  it('accepts the CLI output or the bare list, keeps assigned virtual devices, and reads dates', () => {
    const cli = {
      VirtualMFADevices: [
        {
          SerialNumber: MFA,
          User: { Arn: 'arn:aws:iam::210987654321:user/ana' },
          EnableDate: '2025-01-02 03:04:05+00:00',
        },
        { SerialNumber: 'arn:aws:iam::210987654321:mfa/spare' },
      ],
    };
    expect(parseVirtualMfaDevices(cli)).toEqual([
      {
        serialNumber: MFA,
        userArn: 'arn:aws:iam::210987654321:user/ana',
        enableDate: '2025-01-02T03:04:05.000Z',
      },
    ]);
    expect(parseVirtualMfaDevices(cli.VirtualMFADevices)).toEqual(parseVirtualMfaDevices(cli));
    expect(
      parseServerCertificates({
        ServerCertificateMetadataList: [
          {
            ServerCertificateName: 'www',
            Arn: 'arn:aws:iam::210987654321:server-certificate/www',
            Expiration: '2025-01-01T00:00:00Z',
          },
        ],
      }),
    ).toEqual([
      {
        name: 'www',
        arn: 'arn:aws:iam::210987654321:server-certificate/www',
        expiration: '2025-01-01T00:00:00.000Z',
      },
    ]);
    expect(
      parseSamlProviders({
        SAMLProviderList: [
          { Arn: 'arn:aws:iam::210987654321:saml-provider/corp/idp', ValidUntil: '2030-01-01T00:00:00Z' },
        ],
      }),
    ).toEqual([
      {
        name: 'corp/idp',
        arn: 'arn:aws:iam::210987654321:saml-provider/corp/idp',
        validUntil: '2030-01-01T00:00:00.000Z',
      },
    ]);
  });

  it('refuses a hardware serial as a virtual device, an unreadable date and a wrong shape, naming the field', () => {
    expect(() => parseVirtualMfaDevices([{ SerialNumber: 'GAHT12345678' }], 'mfa.json')).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('mfa.json is not valid'),
        problems: [expect.objectContaining({ message: expect.stringContaining('virtual MFA device ARN') })],
      }),
    );
    expect(() =>
      parseServerCertificates([{ ServerCertificateName: 'a', Arn: 'x', Expiration: 'soon' }]),
    ).toThrow(
      expect.objectContaining({ problems: [expect.objectContaining({ message: '"soon" is not a date' })] }),
    );
    expect(() => parseSamlProviders({ SAMLProviderList: 'nope' })).toThrow(/list-saml-providers/);
  });

  it('takes them, the SCPs and the parts not read from a port, and refuses an unknown part', () => {
    const inventory = parseInventory({
      ...RAW,
      virtualMfaDevices: [],
      serverCertificates: [],
      samlProviders: [],
      serviceControlPolicies: [],
      unread: [{ part: 'SAML providers', reason: 'AWS refused iam:ListSAMLProviders' }],
    });
    expect(inventory.serviceControlPolicies).toEqual([]);
    expect(inventory.unread).toEqual([
      { part: 'SAML providers', reason: 'AWS refused iam:ListSAMLProviders' },
    ]);
    expect(() =>
      parseInventory({ ...RAW, unread: [{ part: 'everything' as 'SAML providers', reason: 'x' }] }),
    ).toThrow(/parts not read is not valid/);
  });
});
