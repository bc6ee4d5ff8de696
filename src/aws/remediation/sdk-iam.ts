import {
  DeleteLoginProfileCommand,
  DeleteRolePolicyCommand,
  GetLoginProfileCommand,
  GetRolePolicyCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListPolicyVersionsCommand,
  PutRolePolicyCommand,
  paginateSimulatePrincipalPolicy,
  SetDefaultPolicyVersionCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { maskAccessKeyId } from '../../platform/log/mask.js';
import { errorNameOf, type RemediationCallScope, remediationError, sendCall } from './call.js';
import type { PermissionCheck, PermissionCheckResult, RemediationAwsPort } from './port.js';

/** The IAM half of the remediation port: access keys, role inline policies, login profiles, policy versions. */
type IamPart = Pick<
  RemediationAwsPort,
  | 'listAccessKeys'
  | 'updateAccessKey'
  | 'getRoleInlinePolicy'
  | 'putRoleInlinePolicy'
  | 'deleteRoleInlinePolicy'
  | 'hasLoginProfile'
  | 'deleteLoginProfile'
  | 'listPolicyVersions'
  | 'setDefaultPolicyVersion'
  | 'checkPermissions'
>;

/** IAM says "not there" with NoSuchEntity (the SDK names its class NoSuchEntityException). */
const NO_SUCH_ENTITY = ['NoSuchEntity', 'NoSuchEntityException'] as const;
const DENIED = /AccessDenied|UnauthorizedOperation|AuthorizationError|NotAuthorized/i;

const iam = (operation: string, about: string) =>
  ({ service: 'IAM', operation, action: `iam:${operation}`, about }) as const;

export function sdkIamPart(client: IAMClient, scope: RemediationCallScope): IamPart {
  return {
    async listAccessKeys(userName) {
      const out = await sendCall(scope, iam('ListAccessKeys', `user ${userName}`), () =>
        client.send(new ListAccessKeysCommand({ UserName: userName, MaxItems: 1000 })),
      );
      // A user has at most two access keys, so one page always holds them.
      return (out.AccessKeyMetadata ?? []).flatMap((key) =>
        key.AccessKeyId && (key.Status === 'Active' || key.Status === 'Inactive')
          ? [{ accessKeyId: key.AccessKeyId, status: key.Status }]
          : [],
      );
    },

    async updateAccessKey(userName, accessKeyId, status) {
      await sendCall(
        scope,
        iam('UpdateAccessKey', `key ${maskAccessKeyId(accessKeyId)} of user ${userName}`),
        () =>
          client.send(
            new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: status }),
          ),
      );
    },

    async getRoleInlinePolicy(roleName, policyName) {
      const out = await sendCall(
        scope,
        iam('GetRolePolicy', `inline policy ${policyName} of role ${roleName}`),
        () => client.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })),
        { when: NO_SUCH_ENTITY, value: undefined },
      );
      // IAM returns policy documents URL-encoded (RFC 3986).
      return out?.PolicyDocument === undefined ? undefined : decodeURIComponent(out.PolicyDocument);
    },

    async putRoleInlinePolicy(roleName, policyName, document) {
      await sendCall(scope, iam('PutRolePolicy', `inline policy ${policyName} of role ${roleName}`), () =>
        client.send(
          new PutRolePolicyCommand({ RoleName: roleName, PolicyName: policyName, PolicyDocument: document }),
        ),
      );
    },

    async deleteRoleInlinePolicy(roleName, policyName) {
      const out = await sendCall(
        scope,
        iam('DeleteRolePolicy', `inline policy ${policyName} of role ${roleName}`),
        async () => {
          await client.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
          return 'deleted' as const;
        },
        { when: NO_SUCH_ENTITY, value: 'absent' as const },
      );
      return out;
    },

    async hasLoginProfile(userName) {
      return sendCall(
        scope,
        iam('GetLoginProfile', `user ${userName}`),
        async () => {
          await client.send(new GetLoginProfileCommand({ UserName: userName }));
          return true;
        },
        { when: NO_SUCH_ENTITY, value: false },
      );
    },

    async deleteLoginProfile(userName) {
      return sendCall(
        scope,
        iam('DeleteLoginProfile', `user ${userName}`),
        async () => {
          await client.send(new DeleteLoginProfileCommand({ UserName: userName }));
          return 'deleted' as const;
        },
        { when: NO_SUCH_ENTITY, value: 'absent' as const },
      );
    },

    async listPolicyVersions(policyArn) {
      const out = await sendCall(scope, iam('ListPolicyVersions', `policy ${policyArn}`), () =>
        client.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn, MaxItems: 1000 })),
      );
      // A managed policy keeps at most five versions: one page.
      return (out.Versions ?? []).flatMap((v) =>
        v.VersionId
          ? [
              {
                versionId: v.VersionId,
                isDefault: v.IsDefaultVersion === true,
                createdAt: (v.CreateDate ?? new Date(0)).toISOString(),
              },
            ]
          : [],
      );
    },

    async setDefaultPolicyVersion(policyArn, versionId) {
      await sendCall(scope, iam('SetDefaultPolicyVersion', `policy ${policyArn} version ${versionId}`), () =>
        client.send(new SetDefaultPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })),
      );
    },

    checkPermissions: (checks) => simulate(client, scope, checks),
  };
}

/**
 * Asks IAM's policy simulator whether the assumed role may make each call. Chosen over EC2's
 * DryRun because IAM and S3 have no dry run: one method covers every action. It evaluates the
 * role's identity policies and permissions boundary; an SCP or a resource policy that denies is
 * still reported by AWS when the call is made, and then named in the thread.
 */
async function simulate(
  client: IAMClient,
  scope: RemediationCallScope,
  checks: readonly PermissionCheck[],
): Promise<PermissionCheckResult> {
  if (scope.roleArn === undefined)
    return {
      checked: false,
      reason: 'no role ARN is configured for this account, so there is nothing to simulate',
    };
  const byResource = new Map<string, Set<string>>();
  for (const check of checks)
    byResource.set(check.resource, (byResource.get(check.resource) ?? new Set()).add(check.action));
  const denied = new Set<string>();
  try {
    for (const [resource, actions] of byResource)
      for await (const page of paginateSimulatePrincipalPolicy(
        { client, pageSize: 1000, stopOnSameToken: true },
        { PolicySourceArn: scope.roleArn, ActionNames: [...actions], ResourceArns: [resource] },
      ))
        for (const result of page.EvaluationResults ?? [])
          if (result.EvalActionName && result.EvalDecision !== 'allowed') denied.add(result.EvalActionName);
  } catch (error) {
    const name = errorNameOf(error) ?? '';
    if (DENIED.test(name))
      return {
        checked: false,
        reason: 'Watchkeeper may not run the IAM policy simulator (iam:SimulatePrincipalPolicy)',
      };
    throw remediationError(scope, iam('SimulatePrincipalPolicy', `role ${scope.roleArn}`), error);
  }
  return { checked: true, denied: [...denied].sort() };
}
