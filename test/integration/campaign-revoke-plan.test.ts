import {
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { accessKeyDigest, createIamRemediation } from '../../src/aws/iam/remediation.js';
import { createSilentLogger } from '../../src/platform/log/logger.js';

/**
 * The Revoke plan over the real IAM SDK client (mocked with aws-sdk-client-mock): planning only
 * reads, and applying changes exactly what the plan lists, whatever changed in IAM meanwhile.
 */

const ACCOUNT = '271828182845';
const KEY_A = 'AKIAEXAMPLEKEYAAAA11';
const KEY_B = 'AKIAEXAMPLEKEYBBBB22';
const KEY_NEW = 'AKIAEXAMPLEKEYNEWW33';
const KEY_OLD = 'AKIAEXAMPLEKEYOLDD44';
const policy = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;

const iam = mockClient(IAMClient);
const remediation = (accountId = ACCOUNT) =>
  createIamRemediation({
    client: new IAMClient({ region: 'us-east-1' }),
    accountId,
    logger: createSilentLogger(),
  });

const writes = () => [
  ...iam.commandCalls(UpdateAccessKeyCommand).map((c) => `deactivate ${c.args[0].input.AccessKeyId}`),
  ...iam.commandCalls(DetachUserPolicyCommand).map((c) => `detach ${c.args[0].input.PolicyArn}`),
  ...iam.commandCalls(DetachRolePolicyCommand).map((c) => `detach ${c.args[0].input.PolicyArn}`),
];

beforeEach(() => {
  iam.reset();
  iam.on(ListAccessKeysCommand, { UserName: 'dana' }).resolves({
    AccessKeyMetadata: [
      { AccessKeyId: KEY_A, Status: 'Active' },
      { AccessKeyId: KEY_B, Status: 'Active' },
      { AccessKeyId: KEY_OLD, Status: 'Inactive' },
    ],
  });
  iam
    .on(ListAttachedUserPoliciesCommand, { UserName: 'dana' })
    .resolves({ AttachedPolicies: [{ PolicyArn: policy('billing') }, { PolicyArn: policy('deploy') }] });
  iam
    .on(ListAttachedRolePoliciesCommand, { RoleName: 'etl' })
    .resolves({ AttachedPolicies: [{ PolicyArn: policy('etl-read') }] });
  iam.on(UpdateAccessKeyCommand).resolves({});
  iam.on(DetachUserPolicyCommand).resolves({});
  iam.on(DetachRolePolicyCommand).resolves({});
});

describe('planRevoke', () => {
  it('lists a user’s active keys (masked, with a digest) and directly attached policies, writing nothing', async () => {
    const plan = await remediation().planRevoke({ kind: 'user', name: 'dana' });
    expect(plan).toEqual({
      accountId: ACCOUNT,
      principal: { kind: 'user', name: 'dana' },
      accessKeys: [
        { masked: 'AKIA…AA11', digest: accessKeyDigest(KEY_A) },
        { masked: 'AKIA…BB22', digest: accessKeyDigest(KEY_B) },
      ],
      managedPolicies: [policy('billing'), policy('deploy')],
    });
    expect(JSON.stringify(plan)).not.toContain(KEY_A);
    expect(writes()).toEqual([]);
  });

  it('lists a role’s policies and no keys (it reads no access keys)', async () => {
    const plan = await remediation().planRevoke({ kind: 'role', name: 'etl' });
    expect(plan).toMatchObject({ accessKeys: [], managedPolicies: [policy('etl-read')] });
    expect(iam.commandCalls(ListAccessKeysCommand)).toHaveLength(0);
  });
});

describe('applyRevoke', () => {
  it('changes exactly what the plan lists, in the order listed', async () => {
    const plan = await remediation().planRevoke({ kind: 'user', name: 'dana' });
    const done = await remediation().applyRevoke(plan);
    expect(done).toEqual({
      deactivated: ['AKIA…AA11', 'AKIA…BB22'],
      detached: [policy('billing'), policy('deploy')],
    });
    expect(writes()).toEqual([
      `deactivate ${KEY_A}`,
      `deactivate ${KEY_B}`,
      `detach ${policy('billing')}`,
      `detach ${policy('deploy')}`,
    ]);
  });

  it('leaves alone a key created and a policy attached after the list was read, and skips a key deactivated meanwhile', async () => {
    const plan = await remediation().planRevoke({ kind: 'user', name: 'dana' });
    iam.on(ListAccessKeysCommand, { UserName: 'dana' }).resolves({
      AccessKeyMetadata: [
        { AccessKeyId: KEY_A, Status: 'Inactive' },
        { AccessKeyId: KEY_B, Status: 'Active' },
        { AccessKeyId: KEY_NEW, Status: 'Active' },
      ],
    });
    iam.on(ListAttachedUserPoliciesCommand, { UserName: 'dana' }).resolves({
      AttachedPolicies: [
        { PolicyArn: policy('billing') },
        { PolicyArn: policy('deploy') },
        { PolicyArn: policy('new') },
      ],
    });
    const done = await remediation().applyRevoke(plan);
    expect(done.deactivated).toEqual(['AKIA…BB22']);
    expect(writes()).toEqual([
      `deactivate ${KEY_B}`,
      `detach ${policy('billing')}`,
      `detach ${policy('deploy')}`,
    ]);
  });

  it('refuses a plan read in another account, changing nothing', async () => {
    const plan = await remediation('999999999999').planRevoke({ kind: 'role', name: 'etl' });
    await expect(remediation().applyRevoke(plan)).rejects.toThrow(/account 999999999999/);
    expect(writes()).toEqual([]);
  });
});
