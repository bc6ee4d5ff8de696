import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/incidents/incident.js';
import { REMEDIATION_ACTIONS } from '../../src/remediation/actions/catalog.js';
import type { ActionRun } from '../../src/remediation/actions/types.js';
import { targetsOf } from '../../src/remediation/targets.js';
import {
  createSampleRemediationPort,
  SAMPLE_POLICY_ARN,
  sampleRemediationState,
} from '../../src/sandbox/sample-account/remediation.js';

/** Every action runs against the sandbox's sample account, and its state visibly changes and comes back. */
const state = sampleRemediationState();
const port = createSampleRemediationPort(state);
const run: ActionRun = {
  port,
  options: { snapshotVolumes: true, isolationGroupName: 'watchkeeper-isolation' },
  requestId: 'INC-SAMPLE.x.y.1',
  saveProgress: async () => {},
};

function incident(resource: Incident['resource'], actor?: Incident['actor']): Incident {
  return {
    id: 'INC-SAMPLE',
    status: 'triggered',
    escalationLevel: 0,
    severity: 8,
    severityLabel: 'high',
    source: 'guardduty',
    type: 'Sample',
    title: 's',
    description: 's',
    accountId: port.accountId,
    region: port.region,
    resource,
    ...(actor ? { actor } : {}),
    links: {},
    dedupeKeys: ['k'],
    runbookId: '',
    runbookSteps: {},
    occurrences: 1,
    firstSeen: '2026-12-04T00:00:00Z',
    lastSeen: '2026-12-04T00:00:00Z',
    openedAt: '2026-12-04T00:00:00Z',
    reopenedCount: 0,
    version: 1,
  };
}

const cases = [
  [
    'deactivateAccessKey',
    incident(
      { type: 'AccessKey', id: 'ops-admin', tags: {} },
      { principal: 'ops-admin', accessKeyId: 'AKIASAMPLEKEY0000003' },
    ),
  ],
  [
    'revokeRoleSessions',
    incident(
      { type: 'AccessKey', id: 'web-app-role', tags: {} },
      { principal: 'web-app-role', accessKeyId: 'ASIASAMPLEKEY0000001' },
    ),
  ],
  ['isolateInstance', incident({ type: 'Instance', id: 'i-0sample000000002', tags: {} })],
  ['blockS3PublicAccess', incident({ type: 'S3Bucket', id: 'sample-customer-exports', tags: {} })],
  [
    'restorePolicyVersion',
    incident({ type: 'IAMPolicy', id: SAMPLE_POLICY_ARN, tags: {} }, { api: 'CreatePolicyVersion' }),
  ],
  [
    'disableConsolePassword',
    incident(
      { type: 'AccessKey', id: 'legacy-admin', tags: {} },
      { principal: 'legacy-admin', accessKeyId: 'AKIASAMPLEKEY0000008' },
    ),
  ],
] as const;

describe('the sample account supports every action', () => {
  it.each(cases)('%s: preview, apply, verify, and undo where possible', async (id, i) => {
    const action = REMEDIATION_ACTIONS[id];
    expect(action.fits(targetsOf(i))).toBe(true);
    const preview = await action.preview(run, targetsOf(i));
    expect(preview.nothingToDo).toBeUndefined();
    const applied = await action.apply(run, preview.state);
    expect((await action.verify(run, applied)).ok).toBe(true);
    if (action.undoable) {
      await action.undo(run, applied);
      expect((await action.verifyUndo(run, applied)).ok).toBe(true);
    }
  });

  it('shows the changes in its state: the key inactive, the instance in the isolation group', async () => {
    const key = REMEDIATION_ACTIONS.deactivateAccessKey;
    const i = cases[0][1];
    await key.apply(run, (await key.preview(run, targetsOf(i))).state);
    expect(state.users.get('ops-admin')?.keys.get('AKIASAMPLEKEY0000003')).toBe('Inactive');
    const isolate = REMEDIATION_ACTIONS.isolateInstance;
    const applied = (await isolate.apply(
      run,
      (
        await isolate.preview(run, { instanceId: 'i-0sample000000003' })
      ).state,
    )) as { isolationGroupId: string };
    expect(state.instances.get('i-0sample000000003')?.interfaces.get('eni-0sample000000003')).toEqual([
      applied.isolationGroupId,
    ]);
    expect(state.securityGroups.get(applied.isolationGroupId)?.egressOpen).toBe(false);
  });

  it('answers unknown names like AWS does', async () => {
    await expect(port.listAccessKeys('nobody')).rejects.toThrow(/NoSuchEntity/);
    expect(await port.describeInstance('i-0unknown0000000')).toBeUndefined();
    await expect(port.getPublicAccessBlock('no-such-bucket')).rejects.toThrow(/NoSuchBucket/);
  });
});
