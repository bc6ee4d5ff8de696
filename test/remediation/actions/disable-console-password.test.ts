import { DeleteLoginProfileCommand, GetLoginProfileCommand } from '@aws-sdk/client-iam';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AwsError } from '../../../src/platform/errors.js';
import { disableConsolePassword } from '../../../src/remediation/actions/disable-console-password.js';
import { iamAccessDenied, iamMock, iamNoSuchEntity, resetAwsMocks, runOf, sdkPort } from '../support/aws.js';

const targets = { userName: 'ines.okafor' };
const profile = { LoginProfile: { UserName: 'ines.okafor', CreateDate: new Date('2025-01-01T00:00:00Z') } };

beforeEach(resetAwsMocks);

describe('disable a console password', () => {
  it('says before confirming that there is no undo, and previews DeleteLoginProfile', async () => {
    iamMock.on(GetLoginProfileCommand).resolves(profile);
    const run = runOf(sdkPort());
    const { state, nothingToDo } = await disableConsolePassword.preview(run, targets);
    expect(nothingToDo).toBeUndefined();
    expect(disableConsolePassword.undoable).toBe(false);
    expect(disableConsolePassword.cannotUndo).toMatch(/cannot be undone/);
    expect(disableConsolePassword.undoCalls(state)).toBeUndefined();
    expect(disableConsolePassword.applyCalls(state, run.options)).toEqual([
      expect.objectContaining({ operation: 'DeleteLoginProfile', params: { UserName: 'ines.okafor' } }),
    ]);
    await expect(disableConsolePassword.undo(run, state)).rejects.toThrow(/cannot be undone/);
  });

  it('applies and verifies that the login profile is gone', async () => {
    iamMock.on(GetLoginProfileCommand).resolvesOnce(profile).rejects(iamNoSuchEntity());
    iamMock.on(DeleteLoginProfileCommand).resolves({});
    const run = runOf(sdkPort());
    const { state } = await disableConsolePassword.preview(run, targets);
    await disableConsolePassword.apply(run, state);
    expect(iamMock.commandCalls(DeleteLoginProfileCommand)).toHaveLength(1);
    expect(await disableConsolePassword.verify(run, state)).toEqual({
      ok: true,
      observed: 'the user has no console password',
    });
  });

  it('has nothing to do for a user without a password (NoSuchEntity on read), and a retried apply is fine', async () => {
    iamMock.on(GetLoginProfileCommand).rejects(iamNoSuchEntity());
    iamMock.on(DeleteLoginProfileCommand).rejects(iamNoSuchEntity());
    const run = runOf(sdkPort());
    const { state, nothingToDo } = await disableConsolePassword.preview(run, targets);
    expect(nothingToDo).toBe('IAM user ines.okafor has no console password');
    await expect(disableConsolePassword.apply(run, state)).resolves.toEqual(state);
  });

  it('names iam:DeleteLoginProfile on AccessDenied', async () => {
    iamMock.on(DeleteLoginProfileCommand).rejects(iamAccessDenied('iam:DeleteLoginProfile'));
    const error = await disableConsolePassword
      .apply(runOf(sdkPort()), { accountId: '444455556666', userName: 'ines.okafor' })
      .catch((e: unknown) => e);
    expect((error as AwsError).missingAction).toBe('iam:DeleteLoginProfile');
  });
});
