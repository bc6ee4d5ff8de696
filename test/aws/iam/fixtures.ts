/**
 * Invented account data in the shapes the IAM client returns (Dates, URL-encoded policy
 * documents), for the SDK port tests. Account 444455556666 is not a real account.
 */
export const ACCOUNT_ID = '444455556666';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/watchkeeper-reader`;

/** What AWS sends: the policy JSON, URL-encoded (RFC 3986). */
export const ADMIN_DOCUMENT = encodeURIComponent(
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
);
export const ASSUME_DOCUMENT = encodeURIComponent(
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  }),
);

export const CREATED = new Date('2024-03-05T08:15:00Z');

export const pageOne = {
  UserDetailList: [
    {
      UserName: 'ines.okafor',
      UserId: 'AIDAEXAMPLEINES00001',
      Arn: `arn:aws:iam::${ACCOUNT_ID}:user/ines.okafor`,
      Path: '/',
      CreateDate: CREATED,
      GroupList: ['ops'],
      AttachedManagedPolicies: [],
      UserPolicyList: [{ PolicyName: 'inline-admin', PolicyDocument: ADMIN_DOCUMENT }],
      Tags: [{ Key: 'team', Value: 'payments' }],
    },
  ],
  GroupDetailList: [
    {
      GroupName: 'ops',
      GroupId: 'AGPAEXAMPLEOPS000001',
      Arn: `arn:aws:iam::${ACCOUNT_ID}:group/ops`,
      Path: '/',
      CreateDate: CREATED,
      GroupPolicyList: [],
      AttachedManagedPolicies: [],
    },
  ],
  IsTruncated: true,
  Marker: 'marker-1',
};

export const pageTwo = {
  RoleDetailList: [
    {
      RoleName: 'invoice-worker',
      RoleId: 'AROAEXAMPLEINVOICE01',
      Arn: `arn:aws:iam::${ACCOUNT_ID}:role/invoice-worker`,
      Path: '/service/',
      CreateDate: CREATED,
      AssumeRolePolicyDocument: ASSUME_DOCUMENT,
      InstanceProfileList: [],
      RolePolicyList: [],
      AttachedManagedPolicies: [],
      RoleLastUsed: { LastUsedDate: new Date('2026-11-20T10:00:00Z'), Region: 'eu-west-1' },
    },
  ],
  IsTruncated: true,
  Marker: 'marker-2',
};

export const pageThree = {
  UserDetailList: [
    {
      UserName: 'build-bot',
      UserId: 'AIDAEXAMPLEBUILD0001',
      Arn: `arn:aws:iam::${ACCOUNT_ID}:user/build-bot`,
      Path: '/',
      CreateDate: CREATED,
      GroupList: [],
      AttachedManagedPolicies: [],
      UserPolicyList: [],
    },
  ],
  Policies: [
    {
      PolicyName: 'payments-admin',
      PolicyId: 'ANPAEXAMPLEPAYMENTS1',
      Arn: `arn:aws:iam::${ACCOUNT_ID}:policy/payments-admin`,
      Path: '/',
      DefaultVersionId: 'v2',
      AttachmentCount: 1,
      IsAttachable: true,
      CreateDate: CREATED,
      UpdateDate: new Date('2025-01-09T12:00:00Z'),
      PolicyVersionList: [
        { Document: ADMIN_DOCUMENT, VersionId: 'v2', IsDefaultVersion: true, CreateDate: CREATED },
      ],
    },
  ],
  IsTruncated: false,
};

export const CREDENTIAL_REPORT_CSV = [
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
  `<root_account>,arn:aws:iam::${ACCOUNT_ID}:root,2019-02-01T09:00:00+00:00,not_supported,2026-10-01T07:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  `ines.okafor,arn:aws:iam::${ACCOUNT_ID}:user/ines.okafor,2024-03-05T08:15:00+00:00,true,no_information,2024-03-05T08:20:00+00:00,N/A,false,true,2024-03-05T08:16:00+00:00,2026-11-27T16:02:00+00:00,eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  '',
].join('\n');

export const REPORT_GENERATED = new Date('2026-11-29T01:00:00Z');

export const SUMMARY = { Users: 2, Roles: 1, Groups: 1, AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 };
