import { Writable } from 'node:stream';
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
import { createIamRemediation, type IamPrincipalRef } from '../../../src/aws/iam/remediation.js';
import { AwsError, ErrorCode, toUserMessage } from '../../../src/platform/errors.js';
import { createLogger } from '../../../src/platform/log/logger.js';
import { ACCOUNT_ID, ROLE_ARN } from './fixtures.js';
import { accessDenied, noSuchEntity } from './iam-errors.js';

const iam = mockClient(IAMClient);
const KEY_ACTIVE_1 = 'AKIAEXAMPLEACTIVE7Q2W';
const KEY_INACTIVE = 'AKIAEXAMPLEOLDKEY3E4R';
const KEY_ACTIVE_2 = 'AKIAEXAMPLEACTIVE9Z8X';
const FULL_KEYS = [KEY_ACTIVE_1, KEY_INACTIVE, KEY_ACTIVE_2];

let logLines: string[] = [];

function remediation(roleArn?: string) {
  const destination = new Writable({
    write: (chunk, _encoding, done) => {
      logLines.push(String(chunk));
      done();
    },
  });
  return createIamRemediation({
    client: new IAMClient({ region: 'eu-west-1' }),
    accountId: ACCOUNT_ID,
    logger: createLogger({ level: 'debug', destination }),
    ...(roleArn ? { roleArn } : {}),
  });
}

/** A Revoke as the campaign runs it: the plan read from IAM, then applied exactly. */
async function revoke(principal: IamPrincipalRef, roleArn?: string) {
  const iamRemediation = remediation(roleArn);
  return iamRemediation.applyRevoke(await iamRemediation.planRevoke(principal));
}
const user = (name: string): IamPrincipalRef => ({ kind: 'user', name });

const policyArn = (name: string) => `arn:aws:iam::${ACCOUNT_ID}:policy/${name}`;

beforeEach(() => {
  iam.reset();
  logLines = [];
  iam
    .on(ListAccessKeysCommand, { UserName: 'ines.okafor' })
    .resolves({
      AccessKeyMetadata: [
        { UserName: 'ines.okafor', AccessKeyId: KEY_ACTIVE_1, Status: 'Active' },
        { UserName: 'ines.okafor', AccessKeyId: KEY_INACTIVE, Status: 'Inactive' },
      ],
      IsTruncated: true,
      Marker: 'keys-2',
    })
    .on(ListAccessKeysCommand, { UserName: 'ines.okafor', Marker: 'keys-2' })
    .resolves({
      AccessKeyMetadata: [{ UserName: 'ines.okafor', AccessKeyId: KEY_ACTIVE_2, Status: 'Active' }],
      IsTruncated: false,
    });
  // Nothing attached unless a test says so (a Revoke plan reads both lists).
  iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
  iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
  iam.on(UpdateAccessKeyCommand).resolves({});
  iam.on(DetachUserPolicyCommand).resolves({});
  iam.on(DetachRolePolicyCommand).resolves({});
});

describe('a Revoke: access keys', () => {
  it('sets every Active key (over all pages) to Inactive and answers with masked ids only', async () => {
    const result = await revoke(user('ines.okafor'));

    expect(result).toEqual({ deactivated: ['AKIA…7Q2W', 'AKIA…9Z8X'], detached: [] });
    expect(iam.commandCalls(UpdateAccessKeyCommand).map((c) => c.args[0].input)).toEqual([
      { UserName: 'ines.okafor', AccessKeyId: KEY_ACTIVE_1, Status: 'Inactive' },
      { UserName: 'ines.okafor', AccessKeyId: KEY_ACTIVE_2, Status: 'Inactive' },
    ]);
    const shown = JSON.stringify(result) + logLines.join('');
    expect(logLines.join('')).toContain('AKIA…7Q2W');
    for (const key of FULL_KEYS) expect(shown).not.toContain(key);
  });

  it('changes nothing for a user without active keys', async () => {
    iam.on(ListAccessKeysCommand, { UserName: 'build-bot' }).resolves({
      AccessKeyMetadata: [{ UserName: 'build-bot', AccessKeyId: KEY_INACTIVE, Status: 'Inactive' }],
      IsTruncated: false,
    });
    await expect(revoke(user('build-bot'))).resolves.toEqual({ deactivated: [], detached: [] });
    expect(iam.commandCalls(UpdateAccessKeyCommand)).toHaveLength(0);
  });

  it('names iam:UpdateAccessKey, the role and what was already done, with masked ids, when AWS refuses', async () => {
    iam
      .on(UpdateAccessKeyCommand, { AccessKeyId: KEY_ACTIVE_2 })
      .rejects(accessDenied('iam:UpdateAccessKey'));
    const error = await revoke(user('ines.okafor'), ROLE_ARN).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AwsError);
    expect(error).toMatchObject({ code: ErrorCode.AwsAccessDenied, missingAction: 'iam:UpdateAccessKey' });
    expect((error as Error).message).toBe(
      `IAM UpdateAccessKey failed (AccessDenied): key AKIA…9Z8X of user ines.okafor (already deactivated: AKIA…7Q2W) in account ${ACCOUNT_ID}`,
    );
    expect(toUserMessage(error)).toContain(`iam:UpdateAccessKey for ${ROLE_ARN}`);
    for (const key of FULL_KEYS) expect((error as Error).message).not.toContain(key);
  });

  it('names iam:ListAccessKeys when the keys cannot be listed', async () => {
    iam.on(ListAccessKeysCommand, { UserName: 'ghost' }).rejects(noSuchEntity());
    await expect(revoke(user('ghost'))).rejects.toMatchObject({
      code: ErrorCode.AwsCallFailed,
      operation: 'ListAccessKeys',
      awsCode: 'NoSuchEntityException',
    });
  });
});

describe('a Revoke: managed policies', () => {
  it("detaches every managed policy attached to a user, following the list's Marker", async () => {
    iam
      .on(ListAttachedUserPoliciesCommand, { UserName: 'ines.okafor' })
      .resolves({
        AttachedPolicies: [{ PolicyName: 'payments-admin', PolicyArn: policyArn('payments-admin') }],
        IsTruncated: true,
        Marker: 'att-2',
      })
      .on(ListAttachedUserPoliciesCommand, { UserName: 'ines.okafor', Marker: 'att-2' })
      .resolves({
        AttachedPolicies: [
          { PolicyName: 'IAMFullAccess', PolicyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' },
        ],
        IsTruncated: false,
      });

    const result = await revoke(user('ines.okafor'));

    expect(result).toMatchObject({
      detached: [policyArn('payments-admin'), 'arn:aws:iam::aws:policy/IAMFullAccess'],
    });
    expect(iam.commandCalls(DetachUserPolicyCommand).map((c) => c.args[0].input)).toEqual([
      { UserName: 'ines.okafor', PolicyArn: policyArn('payments-admin') },
      { UserName: 'ines.okafor', PolicyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' },
    ]);
    expect(iam.commandCalls(DetachRolePolicyCommand)).toHaveLength(0);
  });

  it('detaches from a role with the role commands', async () => {
    iam.on(ListAttachedRolePoliciesCommand, { RoleName: 'invoice-worker' }).resolves({
      AttachedPolicies: [
        { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      ],
      IsTruncated: false,
    });
    const result = await revoke({ kind: 'role', name: 'invoice-worker' });
    expect(result).toEqual({ deactivated: [], detached: ['arn:aws:iam::aws:policy/AdministratorAccess'] });
    expect(iam.commandCalls(DetachRolePolicyCommand).map((c) => c.args[0].input)).toEqual([
      { RoleName: 'invoice-worker', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    ]);
    expect(iam.commandCalls(ListAttachedUserPoliciesCommand)).toHaveLength(0);
  });

  it('names iam:DetachRolePolicy when AWS refuses', async () => {
    iam.on(ListAttachedRolePoliciesCommand).resolves({
      AttachedPolicies: [
        { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      ],
      IsTruncated: false,
    });
    iam.on(DetachRolePolicyCommand).rejects(accessDenied('iam:DetachRolePolicy'));
    await expect(revoke({ kind: 'role', name: 'invoice-worker' })).rejects.toMatchObject({
      code: ErrorCode.AwsAccessDenied,
      missingAction: 'iam:DetachRolePolicy',
    });
  });

  it('names iam:ListAttachedUserPolicies when AWS refuses the list', async () => {
    iam.on(ListAttachedUserPoliciesCommand).rejects(accessDenied('iam:ListAttachedUserPolicies'));
    await expect(revoke(user('ines.okafor'))).rejects.toMatchObject({
      code: ErrorCode.AwsAccessDenied,
      missingAction: 'iam:ListAttachedUserPolicies',
    });
    expect(iam.commandCalls(DetachUserPolicyCommand)).toHaveLength(0);
  });

  it('rejects an attached policy without an ARN before detaching anything', async () => {
    iam.on(ListAttachedUserPoliciesCommand).resolves({
      AttachedPolicies: [
        { PolicyName: 'payments-admin', PolicyArn: policyArn('payments-admin') },
        { PolicyName: 'x' },
      ],
      IsTruncated: false,
    });
    await expect(revoke(user('ines.okafor'))).rejects.toMatchObject({
      awsCode: 'InvalidResponse',
      operation: 'ListAttachedUserPolicies',
    });
    expect(iam.commandCalls(DetachUserPolicyCommand)).toHaveLength(0);
  });
});
