import { z } from 'zod';

/**
 * Config of containment from the card (src/remediation, docs/remediation.md). Off unless
 * `remediation.enabled` is true; then each action can still be turned off, limited to roles, and
 * made to wait for a second person. The lead mounts it in the global config as
 * `remediation: remediationConfigSchema.prefault({})`; every key has a default, so an absent or
 * empty section is valid and means "no remediation".
 */

/** The containment actions, in the order the Contain… menu lists them. */
export const REMEDIATION_ACTION_IDS = [
  'deactivateAccessKey',
  'revokeRoleSessions',
  'disableConsolePassword',
  'isolateInstance',
  'blockS3PublicAccess',
  'restorePolicyVersion',
] as const;
export type RemediationActionId = (typeof REMEDIATION_ACTION_IDS)[number];

const ROLE_NAMES = ['responder', 'security-admin'] as const;

/** Actions that cut off running work or every session of a role wait for a second person by default. */
const TWO_PERSON_BY_DEFAULT: ReadonlySet<RemediationActionId> = new Set([
  'isolateInstance',
  'revokeRoleSessions',
]);

function actionPolicySchema(id: RemediationActionId) {
  return z.strictObject({
    /** Only counts when `remediation.enabled` is true. */
    enabled: z.boolean().default(true),
    /** Who may request (and approve) it; a security admin also holds the responder role. */
    allowedRoles: z
      .array(z.enum(ROLE_NAMES, { error: `expected one of: ${ROLE_NAMES.join(', ')}` }))
      .min(1, 'list at least one role, or set enabled: false')
      .default(['security-admin']),
    /** A second person (never the requester) approves in the incident thread before it runs. */
    secondApprover: z.boolean().default(TWO_PERSON_BY_DEFAULT.has(id)),
  });
}

export const isolateInstanceOptionsSchema = z.strictObject({
  /** Snapshot the instance's EBS volumes before changing its security groups (for forensics). */
  snapshotVolumes: z.boolean().default(true),
  /** Name of the isolation security group, created (no rules, tagged) in the instance's VPC if missing. */
  isolationGroupName: z
    .string()
    .regex(
      /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/,
      'expected an EC2 security group name (1-255 characters)',
    )
    .refine((name) => !/^sg-/i.test(name), 'a security group name cannot start with sg-')
    .default('watchkeeper-isolation'),
});

export const remediationConfigSchema = z.strictObject({
  /** Master switch: nothing in the Contain… menu and no AWS write unless true. */
  enabled: z.boolean().default(false),
  /** How long a two-person request waits for its approver before it expires. */
  approvalExpiryMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  actions: z
    .strictObject({
      deactivateAccessKey: actionPolicySchema('deactivateAccessKey').prefault({}),
      revokeRoleSessions: actionPolicySchema('revokeRoleSessions').prefault({}),
      disableConsolePassword: actionPolicySchema('disableConsolePassword').prefault({}),
      isolateInstance: actionPolicySchema('isolateInstance')
        .extend(isolateInstanceOptionsSchema.shape)
        .prefault({}),
      blockS3PublicAccess: actionPolicySchema('blockS3PublicAccess').prefault({}),
      restorePolicyVersion: actionPolicySchema('restorePolicyVersion').prefault({}),
    })
    .prefault({}),
});
export type RemediationConfig = z.infer<typeof remediationConfigSchema>;
export type RemediationActionPolicy = RemediationConfig['actions'][RemediationActionId];

/** True when the action may be offered at all (the master switch and its own). */
export function remediationActionEnabled(config: RemediationConfig, id: RemediationActionId): boolean {
  return config.enabled && config.actions[id].enabled;
}
