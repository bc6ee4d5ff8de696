import { createHash } from 'node:crypto';
import {
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  type IAMClient,
  paginateListAccessKeys,
  paginateListAttachedRolePolicies,
  paginateListAttachedUserPolicies,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { InputError } from '../../platform/errors.js';
import type { Logger } from '../../platform/log/logger.js';
import { maskAccessKeyId } from '../../platform/log/mask.js';
import type { AwsClientCache } from '../client-cache.js';
import { type IamAccount, iamCall, iamCallContext, invalidIamResponse } from './iam-call.js';
import { type IamRuntimeContext, iamClientFor, roleArnOf } from './runtime.js';

/**
 * The writes an access-review campaign may make when its remediation is turned on (off by
 * default): deactivate a user's access keys, detach a principal's managed policies. Deactivating
 * (not deleting) keeps a mistake reversible. Needs the `OptionalAccessReviewRemediation`
 * statement of deploy/iam-policy.json. Key ids leave this module masked (`AKIA…WXYZ`).
 */
export interface IamRemediationDeps {
  readonly client: IAMClient;
  readonly accountId: string;
  readonly logger: Logger;
  /** The role the client assumes, named in permission errors. */
  readonly roleArn?: string;
}

export interface IamPrincipalRef {
  readonly kind: 'user' | 'role';
  readonly name: string;
}

/**
 * What a Revoke would change, read before anything changes: the confirmation shows it and the
 * apply step executes exactly it (one source of truth). Key ids stay masked here too: each key
 * is carried as its masked form for people and a SHA-256 digest the apply step matches the
 * user's keys against.
 */
export interface IamRevokePlan {
  readonly accountId: string;
  readonly principal: IamPrincipalRef;
  /** The user's Active access keys, to set Inactive (none for a role). */
  readonly accessKeys: readonly PlannedAccessKey[];
  /** The managed policies attached directly to the principal, to detach. */
  readonly managedPolicies: readonly string[];
}

export interface PlannedAccessKey {
  /** `AKIA…WXYZ`. */
  readonly masked: string;
  /** SHA-256 of the key id, hex. */
  readonly digest: string;
}

export interface IamRevokeResult {
  /** Keys set Inactive, masked. */
  readonly deactivated: string[];
  readonly detached: string[];
}

export interface IamRemediation {
  /** Reads what a Revoke of the principal would change; changes nothing. */
  planRevoke(principal: IamPrincipalRef): Promise<IamRevokePlan>;
  /**
   * Changes exactly what the plan lists: its keys (those still Active) set Inactive, its policies
   * detached. Anything attached or created after the plan was read is left alone.
   */
  applyRevoke(plan: IamRevokePlan): Promise<IamRevokeResult>;
}

export function accessKeyDigest(keyId: string): string {
  return createHash('sha256').update(keyId).digest('hex');
}

/** The largest page IAM allows. The lists are short; `stopOnSameToken` below guards their loops. */
const PAGE_SIZE = 1000;

/** The production remediation of each configured account; only for campaigns that turn it on. */
export function sdkIamRemediations(
  clients: AwsClientCache,
): (ctx: IamRuntimeContext, accountId: string) => IamRemediation {
  return (ctx, accountId) =>
    createIamRemediation({
      client: iamClientFor(clients, ctx, accountId),
      accountId,
      logger: ctx.logger,
      ...roleArnOf(ctx, accountId),
    });
}

export function createIamRemediation(deps: IamRemediationDeps): IamRemediation {
  const account: IamAccount = {
    accountId: deps.accountId,
    ...(deps.roleArn === undefined ? {} : { roleArn: deps.roleArn }),
  };
  const logger = deps.logger.child({ component: 'iam-remediation', accountId: deps.accountId });

  async function activeKeys(userName: string): Promise<string[]> {
    const list = iamCallContext(account, 'ListAccessKeys', `user ${userName}`);
    const active: string[] = [];
    await iamCall(list, async () => {
      for await (const page of paginateListAccessKeys(
        { client: deps.client, pageSize: PAGE_SIZE, stopOnSameToken: true },
        { UserName: userName },
      ))
        for (const key of page.AccessKeyMetadata ?? []) {
          if (typeof key.AccessKeyId !== 'string' || key.AccessKeyId === '')
            throw invalidIamResponse(list, 'an access key has no AccessKeyId');
          if (key.Status === 'Active') active.push(key.AccessKeyId);
        }
    });
    return active;
  }

  async function deactivate(userName: string, keyIds: readonly string[]): Promise<string[]> {
    const deactivated: string[] = [];
    for (const keyId of keyIds) {
      const masked = maskAccessKeyId(keyId);
      const update = iamCallContext(
        account,
        'UpdateAccessKey',
        `key ${masked} of user ${userName}${alreadyChanged('already deactivated', deactivated)}`,
      );
      await iamCall(update, () =>
        deps.client.send(
          new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: keyId, Status: 'Inactive' }),
        ),
      );
      deactivated.push(masked);
      logger.info({ userName, accessKey: masked }, 'access key deactivated');
    }
    return deactivated;
  }

  async function attachedPolicies(principal: IamPrincipalRef): Promise<string[]> {
    const about = `${principal.kind} ${principal.name}`;
    const listOperation = principal.kind === 'user' ? 'ListAttachedUserPolicies' : 'ListAttachedRolePolicies';
    const list = iamCallContext(account, listOperation, about);
    const attached: string[] = [];
    await iamCall(list, async () => {
      const pages =
        principal.kind === 'user'
          ? paginateListAttachedUserPolicies(
              { client: deps.client, pageSize: PAGE_SIZE, stopOnSameToken: true },
              { UserName: principal.name },
            )
          : paginateListAttachedRolePolicies(
              { client: deps.client, pageSize: PAGE_SIZE, stopOnSameToken: true },
              { RoleName: principal.name },
            );
      for await (const page of pages)
        for (const policy of page.AttachedPolicies ?? []) {
          if (typeof policy.PolicyArn !== 'string' || policy.PolicyArn === '')
            throw invalidIamResponse(list, 'an attached policy has no PolicyArn');
          attached.push(policy.PolicyArn);
        }
    });
    return attached;
  }

  async function detach(principal: IamPrincipalRef, policyArns: readonly string[]): Promise<string[]> {
    const about = `${principal.kind} ${principal.name}`;
    const detached: string[] = [];
    for (const policyArn of policyArns) {
      const call = iamCallContext(
        account,
        principal.kind === 'user' ? 'DetachUserPolicy' : 'DetachRolePolicy',
        `${policyArn} from ${about}${alreadyChanged('already detached', detached)}`,
      );
      await iamCall(call, async () => {
        if (principal.kind === 'user')
          await deps.client.send(
            new DetachUserPolicyCommand({ UserName: principal.name, PolicyArn: policyArn }),
          );
        else
          await deps.client.send(
            new DetachRolePolicyCommand({ RoleName: principal.name, PolicyArn: policyArn }),
          );
      });
      detached.push(policyArn);
      logger.info({ principal: about, policyArn }, 'managed policy detached');
    }
    return detached;
  }

  return {
    async planRevoke(principal) {
      const keys = principal.kind === 'user' ? await activeKeys(principal.name) : [];
      return {
        accountId: deps.accountId,
        principal: { kind: principal.kind, name: principal.name },
        accessKeys: keys.map((id) => ({ masked: maskAccessKeyId(id), digest: accessKeyDigest(id) })),
        managedPolicies: await attachedPolicies(principal),
      };
    },

    async applyRevoke(plan) {
      if (plan.accountId !== deps.accountId)
        throw new InputError(
          `a revoke plan of account ${plan.accountId} cannot run in account ${deps.accountId}`,
        );
      const planned = new Set(plan.accessKeys.map((k) => k.digest));
      // Matched by digest against the keys Active now: a key deactivated meanwhile is skipped,
      // a key created after the plan was read is not in it.
      const keys =
        plan.principal.kind === 'user' && planned.size > 0
          ? (await activeKeys(plan.principal.name)).filter((id) => planned.has(accessKeyDigest(id)))
          : [];
      const deactivated = keys.length > 0 ? await deactivate(plan.principal.name, keys) : [];
      const detached = await detach(plan.principal, plan.managedPolicies);
      return { deactivated, detached };
    },
  };
}

/**
 * Said in the error of a write that fails after earlier ones succeeded, so whoever retries or
 * reverts knows the account's state.
 */
function alreadyChanged(label: string, done: readonly string[]): string {
  return done.length === 0 ? '' : ` (${label}: ${done.join(', ')})`;
}
