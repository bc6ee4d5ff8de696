import type { IamInventoryPort, RawIamInventory } from '../../../src/aws/iam/port.js';

/**
 * A small account in the raw AWS format (policy documents URL-encoded as the API returns them),
 * with known problems: root has an active access key, `mallory.admin` has AdministratorAccess and
 * a console password without MFA. `ops.reader` is healthy.
 */
export const NOW = new Date('2026-11-20T10:00:00Z');
const ACCOUNT = '210987654321';
const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));

export const RAW: RawIamInventory = {
  accountId: ACCOUNT,
  collectedAt: NOW.toISOString(),
  authorizationDetails: {
    UserDetailList: [
      {
        UserName: 'mallory.admin',
        UserId: 'AIDAEXAMPLEMALLORY01',
        Arn: `arn:aws:iam::${ACCOUNT}:user/mallory.admin`,
        Path: '/',
        CreateDate: '2024-01-10T09:00:00Z',
        GroupList: [],
        UserPolicyList: [],
        AttachedManagedPolicies: [
          { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
        ],
        Tags: [{ Key: 'Owner', Value: 'platform' }],
      },
      {
        UserName: 'ops.reader',
        UserId: 'AIDAEXAMPLEOPSREAD01',
        Arn: `arn:aws:iam::${ACCOUNT}:user/ops.reader`,
        Path: '/',
        CreateDate: '2025-03-01T09:00:00Z',
        GroupList: [],
        UserPolicyList: [
          {
            PolicyName: 'read-logs',
            PolicyDocument: enc({
              Version: '2012-10-17',
              Statement: { Effect: 'Allow', Action: 'logs:FilterLogEvents', Resource: '*' },
            }),
          },
        ],
        AttachedManagedPolicies: [],
        Tags: [],
      },
    ],
    GroupDetailList: [],
    RoleDetailList: [],
    Policies: [
      {
        PolicyName: 'AdministratorAccess',
        PolicyId: 'ANPAEXAMPLEADMIN0001',
        Arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        Path: '/',
        DefaultVersionId: 'v1',
        AttachmentCount: 1,
        IsAttachable: true,
        CreateDate: '2015-02-06T18:39:46Z',
        UpdateDate: '2015-02-06T18:39:46Z',
        PolicyVersionList: [
          {
            VersionId: 'v1',
            IsDefaultVersion: true,
            CreateDate: '2015-02-06T18:39:46Z',
            Document: enc({
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
            }),
          },
        ],
      },
    ],
  },
  credentialReportCsv: [
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
    `<root_account>,arn:aws:iam::${ACCOUNT}:root,2020-01-01T00:00:00+00:00,not_supported,2026-09-01T08:00:00+00:00,not_supported,not_supported,true,true,2021-05-01T00:00:00+00:00,2026-11-01T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    `mallory.admin,arn:aws:iam::${ACCOUNT}:user/mallory.admin,2024-01-10T09:00:00+00:00,true,2026-11-19T08:00:00+00:00,2024-01-10T09:00:00+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    `ops.reader,arn:aws:iam::${ACCOUNT}:user/ops.reader,2025-03-01T09:00:00+00:00,false,N/A,N/A,N/A,false,true,2026-10-01T00:00:00+00:00,2026-11-19T00:00:00+00:00,eu-west-1,logs,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    '',
  ].join('\n'),
  passwordPolicy: {
    MinimumPasswordLength: 16,
    RequireSymbols: true,
    RequireNumbers: true,
    RequireUppercaseCharacters: true,
    RequireLowercaseCharacters: true,
    AllowUsersToChangePassword: true,
    ExpirePasswords: true,
    MaxPasswordAge: 90,
    PasswordReusePrevention: 24,
  },
  summary: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 1, Users: 2, Roles: 0 },
};

/** A port over {@link RAW} that reports two pages of progress, or fails the way it is told. */
export function fakeIamPort(options: { fail?: Error } = {}): IamInventoryPort & { calls: number } {
  const port = {
    calls: 0,
    async collect(onProgress?: Parameters<IamInventoryPort['collect']>[0]) {
      port.calls += 1;
      if (options.fail) throw options.fail;
      onProgress?.({ stage: 'authorization-details', pages: 1, principals: 1 });
      onProgress?.({ stage: 'authorization-details', pages: 2, principals: 2 });
      onProgress?.({ stage: 'credential-report', pages: 2, principals: 2 });
      return RAW;
    },
  };
  return port;
}
