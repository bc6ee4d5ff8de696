import { DeleteRolePolicyCommand, GetRolePolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsError, ErrorCode } from '../../../src/platform/errors.js';
import {
  REVOKE_POLICY_NAME,
  revokeDocument,
  revokeRoleSessions,
} from '../../../src/remediation/actions/revoke-role-sessions.js';
import {
  ACCOUNT,
  iamAccessDenied,
  iamMock,
  iamNoSuchEntity,
  resetAwsMocks,
  runOf,
  sdkPort,
} from '../support/aws.js';

const targets = { roleName: 'ci-deployer' };
const EARLIER = revokeDocument('2026-01-02T03:04:05.000Z');

beforeEach(resetAwsMocks);

describe("revoke a role's active sessions", () => {
  it('previews the AWSRevokeOlderSessions inline deny on aws:TokenIssueTime and an undo that deletes it', async () => {
    iamMock.on(GetRolePolicyCommand).rejects(iamNoSuchEntity());
    const run = runOf(sdkPort());
    const { state, resourceLabel } = await revokeRoleSessions.preview(run, targets);
    expect(resourceLabel).toBe('IAM role ci-deployer');
    const [put] = revokeRoleSessions.applyCalls(state, run.options);
    expect(put).toMatchObject({
      operation: 'PutRolePolicy',
      resource: `arn:aws:iam::${ACCOUNT}:role/ci-deployer`,
      params: { RoleName: 'ci-deployer', PolicyName: REVOKE_POLICY_NAME },
    });
    expect(JSON.parse(String(put?.params.PolicyDocument))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: ['*'],
          Resource: ['*'],
          Condition: { DateLessThan: { 'aws:TokenIssueTime': '<the time it runs>' } },
        },
      ],
    });
    expect(revokeRoleSessions.undoCalls(state)).toEqual([
      expect.objectContaining({
        operation: 'DeleteRolePolicy',
        params: { RoleName: 'ci-deployer', PolicyName: REVOKE_POLICY_NAME },
      }),
    ]);
  });

  it('applies with the run time, verifies the document read back, undoes by deleting it', async () => {
    const written: string[] = [];
    iamMock.on(GetRolePolicyCommand).rejectsOnce(iamNoSuchEntity());
    iamMock.on(PutRolePolicyCommand).callsFake((input: { PolicyDocument: string }) => {
      written.push(input.PolicyDocument);
      return {};
    });
    const run = runOf(sdkPort());
    const { state } = await revokeRoleSessions.preview(run, targets);
    const applied = (await revokeRoleSessions.apply(run, state)) as { revokedBefore: string };
    expect(Date.parse(applied.revokedBefore)).not.toBeNaN();
    expect(written).toEqual([revokeDocument(applied.revokedBefore)]);
    iamMock.on(GetRolePolicyCommand).resolves({
      RoleName: 'ci-deployer',
      PolicyName: REVOKE_POLICY_NAME,
      PolicyDocument: encodeURIComponent(JSON.stringify(JSON.parse(written[0] ?? '{}'), null, 2)),
    });
    expect((await revokeRoleSessions.verify(run, applied)).ok).toBe(true);
    iamMock.on(DeleteRolePolicyCommand).resolves({});
    await revokeRoleSessions.undo(run, applied);
    expect(iamMock.commandCalls(DeleteRolePolicyCommand)).toHaveLength(1);
    iamMock.on(GetRolePolicyCommand).rejects(iamNoSuchEntity());
    expect(await revokeRoleSessions.verifyUndo(run, applied)).toEqual({
      ok: true,
      observed: `${REVOKE_POLICY_NAME} is gone`,
    });
  });

  it('keeps the time of the first attempt on a retried apply', async () => {
    iamMock.on(PutRolePolicyCommand).resolves({});
    const run = runOf(sdkPort());
    const state = {
      accountId: ACCOUNT,
      roleName: 'ci-deployer',
      previousDocument: null,
      revokedBefore: '2026-05-06T07:08:09.000Z',
    };
    await revokeRoleSessions.apply(run, state);
    expect(iamMock.commandCalls(PutRolePolicyCommand)[0]?.args[0].input.PolicyDocument).toBe(
      revokeDocument(state.revokedBefore),
    );
  });

  it('restores an earlier revocation on undo instead of deleting it', async () => {
    iamMock.on(GetRolePolicyCommand).resolves({ PolicyDocument: encodeURIComponent(EARLIER) });
    iamMock.on(PutRolePolicyCommand).resolves({});
    const run = runOf(sdkPort());
    const { state } = await revokeRoleSessions.preview(run, targets);
    expect(revokeRoleSessions.undoCalls(state)?.[0]).toMatchObject({
      operation: 'PutRolePolicy',
      params: { PolicyDocument: EARLIER },
    });
    await revokeRoleSessions.undo(run, state);
    expect(iamMock.commandCalls(PutRolePolicyCommand)[0]?.args[0].input.PolicyDocument).toBe(EARLIER);
    expect((await revokeRoleSessions.verifyUndo(run, state)).ok).toBe(true);
  });

  it('an undo retried after the policy is already gone succeeds (NoSuchEntity on delete)', async () => {
    iamMock.on(DeleteRolePolicyCommand).rejects(iamNoSuchEntity());
    const state = {
      accountId: ACCOUNT,
      roleName: 'ci-deployer',
      previousDocument: null,
      revokedBefore: '2026-05-06T07:08:09.000Z',
    };
    await expect(revokeRoleSessions.undo(runOf(sdkPort()), state)).resolves.toBeUndefined();
  });

  it('names iam:PutRolePolicy when AWS refuses it', async () => {
    iamMock.on(PutRolePolicyCommand).rejects(iamAccessDenied('iam:PutRolePolicy'));
    const state = { accountId: ACCOUNT, roleName: 'ci-deployer', previousDocument: null };
    const error = await revokeRoleSessions.apply(runOf(sdkPort()), state).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsError);
    expect((error as AwsError).code).toBe(ErrorCode.AwsAccessDenied);
    expect((error as AwsError).missingAction).toBe('iam:PutRolePolicy');
  });

  it('fails a role that does not exist with NoSuchEntity on the write', async () => {
    iamMock.on(PutRolePolicyCommand).rejects(iamNoSuchEntity('The role with name ghost cannot be found.'));
    const state = { accountId: ACCOUNT, roleName: 'ghost', previousDocument: null };
    await expect(revokeRoleSessions.apply(runOf(sdkPort()), state)).rejects.toThrow(
      /IAM PutRolePolicy failed \(NoSuchEntityException\): inline policy AWSRevokeOlderSessions of role ghost/,
    );
  });
});
