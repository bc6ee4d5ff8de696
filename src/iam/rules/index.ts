import type { CheckModule } from '../checks/check.js';
import type { CheckDefinition } from '../model.js';
import { adminMfaChecks } from './admin-mfa.js';
import { certificateChecks } from './certificates.js';
import { escalationChecks } from './escalation.js';
import { managedAccessChecks } from './managed-access.js';
import { mfaDeviceChecks } from './mfa-devices.js';
import { passwordPolicyChecks } from './password-policy.js';
import { policyChecks } from './policies.js';
import { roleExposureChecks } from './role-exposure.js';
import { roleChecks } from './roles.js';
import { rootChecks } from './root.js';
import { userChecks } from './users.js';

/** Every check module, in report order; the one list the audit runs and the docs describe. */
export const CHECK_MODULES: readonly CheckModule[] = [
  rootChecks,
  userChecks,
  adminMfaChecks,
  mfaDeviceChecks,
  policyChecks,
  managedAccessChecks,
  escalationChecks,
  roleChecks,
  roleExposureChecks,
  passwordPolicyChecks,
  certificateChecks,
];

export const CHECK_CATALOGUE: readonly CheckDefinition[] = CHECK_MODULES.flatMap((m) => m.definitions);
