import type { RemediationActionId } from '../../platform/config/remediation.js';
import { blockS3PublicAccess } from './block-s3-public-access.js';
import { deactivateAccessKey } from './deactivate-access-key.js';
import { disableConsolePassword } from './disable-console-password.js';
import { isolateInstance } from './isolate-instance.js';
import { restorePolicyVersion } from './restore-policy-version.js';
import { revokeRoleSessions } from './revoke-role-sessions.js';
import type { AnyRemediationAction } from './types.js';

/** Every containment action, by id, in the order the Contain… menu lists them. */
export const REMEDIATION_ACTIONS: Readonly<Record<RemediationActionId, AnyRemediationAction>> = {
  deactivateAccessKey,
  revokeRoleSessions,
  disableConsolePassword,
  isolateInstance,
  blockS3PublicAccess,
  restorePolicyVersion,
};
