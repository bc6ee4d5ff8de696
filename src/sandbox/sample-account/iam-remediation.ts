import { createHash } from 'node:crypto';
import {
  accessKeyDigest,
  type IamPrincipalRef,
  type IamRemediation,
  type IamRevokePlan,
  type IamRevokeResult,
} from '../../aws/iam/remediation.js';
import { parseInventory } from '../../iam/inventory/parse.js';
import type { Inventory } from '../../iam/model.js';
import { AwsError, InputError } from '../../platform/errors.js';
import { maskAccessKeyId } from '../../platform/log/mask.js';
import { buildSampleIamInventory } from './iam.js';
import { SAMPLE_ACCOUNT_ID } from './identity.js';

/**
 * The sample account's side of an access-review Revoke: the same IamRemediation the production
 * SDK implementation gives, over in-memory state seeded from the sample IAM inventory (the one
 * /access-review reads), so the sandbox can show the "Confirm the revoke" list and apply it. Each
 * user's access keys come from the credential report's two key slots, with made-up but
 * well-formed ids (the report carries none); the managed policies are those attached directly.
 * Changes stay for the life of the instance: a later plan lists what is left. Unknown principals
 * answer as IAM does (NoSuchEntity).
 */

type KeyStatus = 'Active' | 'Inactive';

interface PrincipalState {
  /** Key id -> status, in the credential report's slot order. */
  readonly keys: Map<string, KeyStatus>;
  /** Managed policy ARNs attached directly, in the order IAM listed them. */
  readonly policies: string[];
}

interface SampleIamState {
  readonly users: Map<string, PrincipalState>;
  readonly roles: Map<string, PrincipalState>;
}

export interface SampleIamRemediation extends IamRemediation {
  /** What the sample account holds now, for tests to read back (ids unmasked: sample data). */
  accessKeysOf(userName: string): ReadonlyArray<{ readonly id: string; readonly status: KeyStatus }>;
  attachedPoliciesOf(principal: IamPrincipalRef): readonly string[];
}

export interface SampleIamRemediationOptions {
  /** The sample inventory is dated relative to it (read once, on first use). */
  readonly now: () => Date;
  /** @defaultValue SAMPLE_ACCOUNT_ID */
  readonly accountId?: string;
}

/**
 * A sample key id per user and credential-report slot: `AKIA`, the user name's first letters and
 * digits (padded to 12), and 4 characters of a hash of name and slot, so each key's masked form
 * (`AKIA…` and the last 4) tells keys apart. Stable, so tests and screenshots can name them.
 */
export function sampleAccessKeyId(userName: string, slot: 1 | 2): string {
  const letters = userName
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .padEnd(12, 'X')
    .slice(0, 12);
  const tail = createHash('sha256').update(`${userName}:${slot}`).digest('hex').slice(0, 4).toUpperCase();
  return `AKIA${letters}${tail}`;
}

function stateOf(inventory: Inventory): SampleIamState {
  const report = new Map((inventory.credentialReport ?? []).map((row) => [row.user, row]));
  const users = new Map<string, PrincipalState>();
  for (const user of inventory.users) {
    const keys = new Map<string, KeyStatus>();
    const slots = report.get(user.name)?.accessKeys ?? [];
    for (const [index, key] of slots.entries()) {
      // A slot without a rotation date holds no key (the report's N/A).
      if (!key.active && key.lastRotated === undefined) continue;
      keys.set(sampleAccessKeyId(user.name, index === 0 ? 1 : 2), key.active ? 'Active' : 'Inactive');
    }
    users.set(user.name, { keys, policies: user.attachedPolicies.map((p) => p.arn) });
  }
  const roles = new Map<string, PrincipalState>(
    inventory.roles.map((role) => [
      role.name,
      { keys: new Map(), policies: role.attachedPolicies.map((p) => p.arn) },
    ]),
  );
  return { users, roles };
}

export function createSampleIamRemediation(options: SampleIamRemediationOptions): SampleIamRemediation {
  const accountId = options.accountId ?? SAMPLE_ACCOUNT_ID;
  let state: SampleIamState | undefined;
  // Built on first use, not at start-up: the demo only pays for it when someone revokes.
  const current = () => {
    state ??= stateOf(parseInventory(buildSampleIamInventory(options.now(), accountId)));
    return state;
  };
  const noSuchEntity = (operation: string, target: string) =>
    new AwsError({
      service: 'IAM',
      operation,
      awsCode: 'NoSuchEntity',
      target: `${target} in account ${accountId} (sample account)`,
    });
  const principalState = (operation: string, principal: IamPrincipalRef): PrincipalState => {
    const found = (principal.kind === 'user' ? current().users : current().roles).get(principal.name);
    if (!found) throw noSuchEntity(operation, `${principal.kind} ${principal.name}`);
    return found;
  };
  const listOperation = (principal: IamPrincipalRef) =>
    principal.kind === 'user' ? 'ListAttachedUserPolicies' : 'ListAttachedRolePolicies';

  const activeKeys = (userName: string): string[] =>
    [...principalState('ListAccessKeys', { kind: 'user', name: userName }).keys]
      .filter(([, status]) => status === 'Active')
      .map(([id]) => id);

  const deactivate = (userName: string, keyIds: readonly string[]): string[] => {
    const keys = principalState('UpdateAccessKey', { kind: 'user', name: userName }).keys;
    return keyIds.map((id) => {
      keys.set(id, 'Inactive');
      return maskAccessKeyId(id);
    });
  };

  const detach = (principal: IamPrincipalRef, policyArns: readonly string[]): string[] => {
    const operation = principal.kind === 'user' ? 'DetachUserPolicy' : 'DetachRolePolicy';
    const attached = principalState(operation, principal).policies;
    const detached: string[] = [];
    for (const arn of policyArns) {
      const at = attached.indexOf(arn);
      // As IAM answers a detach of a policy that is not attached; what was detached so far stays.
      if (at < 0)
        throw noSuchEntity(
          operation,
          `${arn} on ${principal.kind} ${principal.name}${detached.length > 0 ? ` (already detached: ${detached.join(', ')})` : ''}`,
        );
      attached.splice(at, 1);
      detached.push(arn);
    }
    return detached;
  };

  return {
    async planRevoke(principal): Promise<IamRevokePlan> {
      const keys = principal.kind === 'user' ? activeKeys(principal.name) : [];
      return {
        accountId,
        principal: { kind: principal.kind, name: principal.name },
        accessKeys: keys.map((id) => ({ masked: maskAccessKeyId(id), digest: accessKeyDigest(id) })),
        managedPolicies: [...principalState(listOperation(principal), principal).policies],
      };
    },

    async applyRevoke(plan): Promise<IamRevokeResult> {
      if (plan.accountId !== accountId)
        throw new InputError(`a revoke plan of account ${plan.accountId} cannot run in account ${accountId}`);
      const planned = new Set(plan.accessKeys.map((k) => k.digest));
      // As in production: the plan's keys that are still Active, matched by digest; a key
      // deactivated meanwhile is skipped, one created after the plan is not in it.
      const keys =
        plan.principal.kind === 'user' && planned.size > 0
          ? activeKeys(plan.principal.name).filter((id) => planned.has(accessKeyDigest(id)))
          : [];
      const deactivated = keys.length > 0 ? deactivate(plan.principal.name, keys) : [];
      const detached = detach(plan.principal, plan.managedPolicies);
      return { deactivated, detached };
    },

    accessKeysOf(userName) {
      return [...principalState('ListAccessKeys', { kind: 'user', name: userName }).keys].map(
        ([id, status]) => ({ id, status }),
      );
    },

    attachedPoliciesOf(principal) {
      return [...principalState(listOperation(principal), principal).policies];
    },
  };
}
