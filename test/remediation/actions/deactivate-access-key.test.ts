import { ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsError, ErrorCode, toUserMessage } from '../../../src/platform/errors.js';
import { deactivateAccessKey } from '../../../src/remediation/actions/deactivate-access-key.js';
import { NothingToContainError } from '../../../src/remediation/errors.js';
import {
  ACCOUNT,
  iamAccessDenied,
  iamMock,
  iamNoSuchEntity,
  resetAwsMocks,
  runOf,
  sdkPort,
} from '../support/aws.js';

const KEY = 'AKIAEXAMPLEKEYQ7W2E4R';
const targets = { userName: 'ines.okafor', accessKeyId: KEY };
const keys = (status: 'Active' | 'Inactive') => ({
  AccessKeyMetadata: [
    { UserName: 'ines.okafor', AccessKeyId: KEY, Status: status },
    { UserName: 'ines.okafor', AccessKeyId: 'AKIAEXAMPLEOTHER0000', Status: 'Active' as const },
  ],
});

beforeEach(resetAwsMocks);

describe('deactivate an access key', () => {
  it('previews the one UpdateAccessKey call from the incident and its undo, naming the key masked', async () => {
    iamMock.on(ListAccessKeysCommand, { UserName: 'ines.okafor' }).resolves(keys('Active'));
    const run = runOf(sdkPort());
    const preview = await deactivateAccessKey.preview(run, targets);
    expect(preview.resourceLabel).toBe('access key AKIA…2E4R of IAM user ines.okafor');
    expect(preview.nothingToDo).toBeUndefined();
    expect(deactivateAccessKey.applyCalls(preview.state, run.options)).toEqual([
      {
        service: 'IAM',
        operation: 'UpdateAccessKey',
        action: 'iam:UpdateAccessKey',
        resource: `arn:aws:iam::${ACCOUNT}:user/ines.okafor`,
        params: { UserName: 'ines.okafor', AccessKeyId: KEY, Status: 'Inactive' },
      },
    ]);
    expect(deactivateAccessKey.undoCalls(preview.state)?.[0]?.params).toMatchObject({ Status: 'Active' });
    expect(deactivateAccessKey.consequence(preview.state)).not.toContain(KEY);
    expect(iamMock.commandCalls(UpdateAccessKeyCommand)).toHaveLength(0);
  });

  it('applies, verifies by reading the keys back, undoes and verifies the undo', async () => {
    iamMock
      .on(ListAccessKeysCommand)
      .resolvesOnce(keys('Active'))
      .resolvesOnce(keys('Inactive'))
      .resolves(keys('Active'));
    iamMock.on(UpdateAccessKeyCommand).resolves({});
    const run = runOf(sdkPort());
    const { state } = await deactivateAccessKey.preview(run, targets);
    const applied = await deactivateAccessKey.apply(run, state);
    expect(iamMock.commandCalls(UpdateAccessKeyCommand)[0]?.args[0].input).toEqual({
      UserName: 'ines.okafor',
      AccessKeyId: KEY,
      Status: 'Inactive',
    });
    expect(await deactivateAccessKey.verify(run, applied)).toEqual({
      ok: true,
      observed: 'the key is Inactive',
    });
    await deactivateAccessKey.undo(run, applied);
    expect(iamMock.commandCalls(UpdateAccessKeyCommand)[1]?.args[0].input).toMatchObject({
      Status: 'Active',
    });
    expect(await deactivateAccessKey.verifyUndo(run, applied)).toEqual({
      ok: true,
      observed: 'the key is Active',
    });
  });

  it('says there is nothing to do when the key is already inactive', async () => {
    iamMock.on(ListAccessKeysCommand).resolves(keys('Inactive'));
    const preview = await deactivateAccessKey.preview(runOf(sdkPort()), targets);
    expect(preview.nothingToDo).toMatch(/already inactive/);
  });

  it('verify reports a key that is still active', async () => {
    iamMock.on(ListAccessKeysCommand).resolves(keys('Active'));
    const run = runOf(sdkPort());
    const { state } = await deactivateAccessKey.preview(run, targets);
    expect(await deactivateAccessKey.verify(run, state)).toEqual({
      ok: false,
      observed: 'the key is Active',
    });
  });

  it('names the missing IAM action and the role when AWS answers AccessDenied', async () => {
    iamMock.on(ListAccessKeysCommand).resolves(keys('Active'));
    iamMock.on(UpdateAccessKeyCommand).rejects(iamAccessDenied('iam:UpdateAccessKey'));
    const run = runOf(sdkPort());
    const { state } = await deactivateAccessKey.preview(run, targets);
    const error = await deactivateAccessKey.apply(run, state).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsError);
    expect((error as AwsError).code).toBe(ErrorCode.AwsAccessDenied);
    expect((error as AwsError).missingAction).toBe('iam:UpdateAccessKey');
    expect(toUserMessage(error)).toMatch(
      /iam:UpdateAccessKey for arn:aws:iam::444455556666:role\/watchkeeper-responder/,
    );
    expect(toUserMessage(error)).not.toContain(KEY);
  });

  it('turns NoSuchEntity (the user is gone) into an AwsError saying what was not found, and a missing key into NothingToContain', async () => {
    iamMock.on(ListAccessKeysCommand).rejectsOnce(iamNoSuchEntity()).resolves({ AccessKeyMetadata: [] });
    const run = runOf(sdkPort());
    const gone = await deactivateAccessKey.preview(run, targets).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(AwsError);
    expect((gone as AwsError).awsCode).toBe('NoSuchEntityException');
    expect((gone as AwsError).message).toMatch(
      /IAM ListAccessKeys failed \(NoSuchEntityException\): user ines.okafor in 444455556666/,
    );
    await expect(deactivateAccessKey.preview(run, targets)).rejects.toBeInstanceOf(NothingToContainError);
  });

  it('fits only an incident naming both a user and its long-term key', () => {
    expect(deactivateAccessKey.fits(targets)).toBe(true);
    expect(deactivateAccessKey.fits({ userName: 'ines.okafor' })).toBe(false);
    expect(deactivateAccessKey.fits({ roleName: 'deploy' })).toBe(false);
  });

  it('refuses stored state that does not fit its schema', () => {
    expect(() =>
      deactivateAccessKey.applyCalls({ userName: 'x', accessKeyId: 'ASIA-temp' }, runOf(sdkPort()).options),
    ).toThrow(/Stored state of remediation deactivateAccessKey is invalid/);
  });
});
