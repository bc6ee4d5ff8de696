import { ListPolicyVersionsCommand, SetDefaultPolicyVersionCommand } from '@aws-sdk/client-iam';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AwsError } from '../../../src/platform/errors.js';
import { restorePolicyVersion } from '../../../src/remediation/actions/restore-policy-version.js';
import { NothingToContainError } from '../../../src/remediation/errors.js';
import { iamAccessDenied, iamMock, iamNoSuchEntity, resetAwsMocks, runOf, sdkPort } from '../support/aws.js';

const POLICY = 'arn:aws:iam::444455556666:policy/payments-deploy';
const targets = { policyArn: POLICY, api: 'CreatePolicyVersion' };
const versions = (defaultId: string) => ({
  Versions: [
    { VersionId: 'v1', IsDefaultVersion: defaultId === 'v1', CreateDate: new Date('2025-01-01T00:00:00Z') },
    { VersionId: 'v2', IsDefaultVersion: defaultId === 'v2', CreateDate: new Date('2025-06-01T00:00:00Z') },
    { VersionId: 'v3', IsDefaultVersion: defaultId === 'v3', CreateDate: new Date('2026-12-04T02:00:00Z') },
  ],
});

beforeEach(resetAwsMocks);

describe('restore the previous default policy version', () => {
  it('picks the newest version older than the changed default, applies, verifies and undoes', async () => {
    iamMock
      .on(ListPolicyVersionsCommand)
      .resolvesOnce(versions('v3'))
      .resolvesOnce(versions('v2'))
      .resolves(versions('v3'));
    iamMock.on(SetDefaultPolicyVersionCommand).resolves({});
    const run = runOf(sdkPort());
    const { state } = await restorePolicyVersion.preview(run, targets);
    expect(state).toEqual({ policyArn: POLICY, changedVersionId: 'v3', restoreVersionId: 'v2' });
    expect(restorePolicyVersion.applyCalls(state, run.options)[0]?.params).toEqual({
      PolicyArn: POLICY,
      VersionId: 'v2',
    });
    expect(restorePolicyVersion.undoCalls(state)?.[0]?.params).toEqual({
      PolicyArn: POLICY,
      VersionId: 'v3',
    });
    await restorePolicyVersion.apply(run, state);
    expect(await restorePolicyVersion.verify(run, state)).toEqual({
      ok: true,
      observed: 'the default version is v2',
    });
    await restorePolicyVersion.undo(run, state);
    expect(
      iamMock.commandCalls(SetDefaultPolicyVersionCommand).map((c) => c.args[0].input.VersionId),
    ).toEqual(['v2', 'v3']);
    expect((await restorePolicyVersion.verifyUndo(run, state)).ok).toBe(true);
  });

  it('fits only after a policy-change API, and needs an older version', async () => {
    expect(restorePolicyVersion.fits(targets)).toBe(true);
    expect(restorePolicyVersion.fits({ policyArn: POLICY, api: 'AttachUserPolicy' })).toBe(false);
    iamMock
      .on(ListPolicyVersionsCommand)
      .resolves({ Versions: [{ VersionId: 'v1', IsDefaultVersion: true, CreateDate: new Date() }] });
    await expect(restorePolicyVersion.preview(runOf(sdkPort()), targets)).rejects.toBeInstanceOf(
      NothingToContainError,
    );
  });

  it('reports AccessDenied and NoSuchEntity from AWS', async () => {
    iamMock.on(ListPolicyVersionsCommand).rejects(iamNoSuchEntity('Policy payments-deploy was not found.'));
    iamMock.on(SetDefaultPolicyVersionCommand).rejects(iamAccessDenied('iam:SetDefaultPolicyVersion'));
    const run = runOf(sdkPort());
    await expect(restorePolicyVersion.preview(run, targets)).rejects.toThrow(
      /IAM ListPolicyVersions failed \(NoSuchEntityException\)/,
    );
    const denied = await restorePolicyVersion
      .apply(run, { policyArn: POLICY, changedVersionId: 'v3', restoreVersionId: 'v2' })
      .catch((e: unknown) => e);
    expect((denied as AwsError).missingAction).toBe('iam:SetDefaultPolicyVersion');
  });
});
