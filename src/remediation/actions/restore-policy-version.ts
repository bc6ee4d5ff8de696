import { z } from 'zod';
import { NothingToContainError } from '../errors.js';
import { type ApiCall, defineAction } from './types.js';

/**
 * After an IAM-policy-change detection (CreatePolicyVersion / SetDefaultPolicyVersion on a
 * managed policy): make the previous version the default again, which takes the change out of
 * effect without deleting it (the evidence stays). Undo makes the changed version default again.
 */
const CHANGE_APIS = new Set(['CreatePolicyVersion', 'SetDefaultPolicyVersion']);

const stateSchema = z.object({
  policyArn: z.string().startsWith('arn:'),
  /** The default version when previewed: the change. */
  changedVersionId: z.string().min(1),
  /** The newest version created before it: what becomes default. */
  restoreVersionId: z.string().min(1),
});
type State = z.infer<typeof stateSchema>;

const setDefault = (s: State, versionId: string): ApiCall => ({
  service: 'IAM',
  operation: 'SetDefaultPolicyVersion',
  action: 'iam:SetDefaultPolicyVersion',
  resource: s.policyArn,
  params: { PolicyArn: s.policyArn, VersionId: versionId },
});

async function defaultVersion(
  port: { listPolicyVersions(a: string): Promise<readonly { versionId: string; isDefault: boolean }[]> },
  arn: string,
) {
  return (await port.listPolicyVersions(arn)).find((v) => v.isDefault)?.versionId;
}

export const restorePolicyVersion = defineAction<State>({
  id: 'restorePolicyVersion',
  title: 'Restore the previous policy version',
  permissions: ['iam:ListPolicyVersions', 'iam:SetDefaultPolicyVersion'],
  stateSchema,
  fits: (t) => t.policyArn !== undefined && t.api !== undefined && CHANGE_APIS.has(t.api),
  async preview({ port }, t) {
    const policyArn = t.policyArn ?? '';
    const versions = await port.listPolicyVersions(policyArn);
    const current = versions.find((v) => v.isDefault);
    if (!current) throw new NothingToContainError(`policy ${policyArn} has no default version`);
    const earlier = versions
      .filter((v) => !v.isDefault && v.createdAt < current.createdAt)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    if (!earlier)
      throw new NothingToContainError(
        `policy ${policyArn} has no version older than its default ${current.versionId}`,
      );
    return {
      resourceLabel: `IAM policy ${policyArn}`,
      state: { policyArn, changedVersionId: current.versionId, restoreVersionId: earlier.versionId },
    };
  },
  consequence: (s) =>
    `Every user, group and role with ${s.policyArn} gets the permissions of ${s.restoreVersionId} again instead of ${s.changedVersionId} (kept, not deleted).`,
  applyCalls: (s) => [setDefault(s, s.restoreVersionId)],
  undoCalls: (s) => [setDefault(s, s.changedVersionId)],
  async apply({ port }, s) {
    await port.setDefaultPolicyVersion(s.policyArn, s.restoreVersionId);
    return s;
  },
  async verify({ port }, s) {
    const now = await defaultVersion(port, s.policyArn);
    return { ok: now === s.restoreVersionId, observed: `the default version is ${now ?? 'unknown'}` };
  },
  async undo({ port }, s) {
    await port.setDefaultPolicyVersion(s.policyArn, s.changedVersionId);
  },
  async verifyUndo({ port }, s) {
    const now = await defaultVersion(port, s.policyArn);
    return { ok: now === s.changedVersionId, observed: `the default version is ${now ?? 'unknown'}` };
  },
});
