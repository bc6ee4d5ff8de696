import { describe, expect, it } from 'vitest';
import {
  REMEDIATION_ACTION_IDS,
  remediationActionEnabled,
  remediationConfigSchema,
} from '../../src/platform/config/remediation.js';

describe('remediation config', () => {
  it('is off by default, with isolation and session revocation waiting for a second person', () => {
    const config = remediationConfigSchema.parse({});
    expect(config.enabled).toBe(false);
    for (const id of REMEDIATION_ACTION_IDS) expect(remediationActionEnabled(config, id)).toBe(false);
    expect(config.actions.isolateInstance.secondApprover).toBe(true);
    expect(config.actions.revokeRoleSessions.secondApprover).toBe(true);
    expect(config.actions.deactivateAccessKey.secondApprover).toBe(false);
    expect(config.actions.deactivateAccessKey.allowedRoles).toEqual(['security-admin']);
    expect(config.approvalExpiryMinutes).toBe(30);
    expect(config.actions.isolateInstance.snapshotVolumes).toBe(true);
  });

  it('turns actions on with the master switch, and off one by one', () => {
    const config = remediationConfigSchema.parse({
      enabled: true,
      actions: { blockS3PublicAccess: { enabled: false } },
    });
    expect(remediationActionEnabled(config, 'deactivateAccessKey')).toBe(true);
    expect(remediationActionEnabled(config, 'blockS3PublicAccess')).toBe(false);
  });

  it('refuses unknown roles, unknown actions, empty role lists and bad expiries with specific messages', () => {
    const issues = (input: unknown) =>
      remediationConfigSchema
        .safeParse(input)
        .error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues({ actions: { deactivateAccessKey: { allowedRoles: ['admin'] } } })).toEqual([
      'actions.deactivateAccessKey.allowedRoles.0: expected one of: responder, security-admin',
    ]);
    expect(issues({ actions: { deactivateAccessKey: { allowedRoles: [] } } })[0]).toMatch(
      /list at least one role/,
    );
    expect(issues({ actions: { terminateInstance: {} } })[0]).toMatch(/terminateInstance/);
    expect(issues({ approvalExpiryMinutes: 0 })[0]).toMatch(/^approvalExpiryMinutes:/);
    expect(issues({ actions: { isolateInstance: { isolationGroupName: 'sg-bad' } } })[0]).toMatch(
      /cannot start with sg-/,
    );
  });
});
