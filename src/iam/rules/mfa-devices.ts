import type { CheckModule } from '../checks/check.js';
import { pushTo } from '../engine/push-to.js';
import type { CheckDefinition, Finding, IamUser, SkippedCheck } from '../model.js';
import { findingOf, unreadReason } from './define.js';

/**
 * Hardware MFA, told apart by the one list that names virtual devices (`ListVirtualMFADevices`):
 * a principal with MFA and no virtual device assigned uses a hardware token or a FIDO security
 * key. Without MFA at all the MFA checks (ROOT-2, USER-1) speak instead.
 */

export const ROOT_VIRTUAL_MFA: CheckDefinition = {
  id: 'WK-IAM-ROOT-4',
  area: 'root',
  title: 'Root user MFA is a virtual device, not hardware',
  severity: 'high',
  cis: '1.5',
  securityHub: 'IAM.6',
  prowler: ['iam_root_hardware_mfa_enabled'],
  fix: 'Register a hardware MFA device or FIDO security key for the root user, then remove the virtual device.',
};
export const USER_VIRTUAL_MFA: CheckDefinition = {
  id: 'WK-IAM-USER-8',
  area: 'users',
  title: 'Console user’s MFA is a virtual device, not hardware',
  severity: 'low',
  prowler: ['iam_user_hardware_mfa_enabled'],
  fix: 'Give the user a FIDO security key (or hardware token) and remove the virtual device, if your standard asks for phishing-resistant MFA.',
};

const PART = 'virtual MFA devices';
const deviceName = (serial: string) => serial.slice(serial.indexOf(':mfa/') + ':mfa/'.length);

export const mfaDeviceChecks: CheckModule = {
  definitions: [ROOT_VIRTUAL_MFA, USER_VIRTUAL_MFA],
  run({ inventory }) {
    const devices = inventory.virtualMfaDevices;
    if (!devices)
      return {
        findings: [],
        skipped: [ROOT_VIRTUAL_MFA, USER_VIRTUAL_MFA].map((c) => ({
          checkId: c.id,
          reason: unreadReason(inventory, PART),
        })),
      };
    const findings: Finding[] = [];
    const skipped: SkippedCheck[] = [];
    const byUser = new Map<string, string[]>();
    for (const d of devices) if (d.userArn) pushTo(byUser, d.userArn, deviceName(d.serialNumber));

    const rootRow = inventory.credentialReport?.find((r) => r.root);
    const rootMfa = rootRow ? rootRow.mfaActive : inventory.summary?.AccountMFAEnabled;
    if (rootMfa === undefined)
      skipped.push({ checkId: ROOT_VIRTUAL_MFA.id, reason: 'no credential report or account summary' });
    else if (rootMfa) {
      const root = [...byUser].find(([arn]) => /^arn:aws[a-z-]*:iam::\d{12}:root$/.test(arn));
      if (root)
        findings.push(
          findingOf(
            ROOT_VIRTUAL_MFA,
            { kind: 'root', name: 'root', arn: root[0] },
            `the root user's MFA is virtual device ${root[1].join(', ')}`,
          ),
        );
    }

    if (!inventory.credentialReport) {
      skipped.push({ checkId: USER_VIRTUAL_MFA.id, reason: 'no credential report supplied' });
      return { findings, skipped };
    }
    const users = new Map<string, IamUser>(inventory.users.map((u) => [u.arn, u]));
    for (const row of inventory.credentialReport) {
      if (row.root || !row.passwordEnabled || !row.mfaActive) continue;
      const virtual = byUser.get(row.arn);
      if (!virtual) continue;
      findings.push(
        findingOf(
          USER_VIRTUAL_MFA,
          { kind: 'user', name: users.get(row.arn)?.name ?? row.user, arn: row.arn },
          `console password with virtual MFA device ${virtual.join(', ')}`,
        ),
      );
    }
    return { findings, skipped };
  },
};
