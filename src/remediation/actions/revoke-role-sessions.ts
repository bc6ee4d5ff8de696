import { z } from 'zod';
import { type ApiCall, arn, defineAction } from './types.js';

/**
 * Revoke a role's active sessions the way the IAM console does: an inline policy named
 * `AWSRevokeOlderSessions` that denies everything to credentials issued before now
 * (`aws:TokenIssueTime`). New sessions work; stolen temporary credentials stop. Undo removes that
 * policy, or puts back the one that was there before (an earlier revocation).
 */
export const REVOKE_POLICY_NAME = 'AWSRevokeOlderSessions';

/** The policy document the console writes, for credentials issued before `before` (ISO-8601). */
export function revokeDocument(before: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        Action: ['*'],
        Resource: ['*'],
        Condition: { DateLessThan: { 'aws:TokenIssueTime': before } },
      },
    ],
  });
}

/** Written in the preview: the time is taken when the change runs, after any approval. */
const AT_RUN_TIME = '<the time it runs>';

const stateSchema = z.object({
  accountId: z.string(),
  roleName: z.string().min(1),
  /** The `AWSRevokeOlderSessions` document the role had before, if any; undo restores it. */
  previousDocument: z.string().nullable(),
  /** Set by apply: sessions issued before this are denied. */
  revokedBefore: z.string().optional(),
});
type State = z.infer<typeof stateSchema>;

const call = (s: State, operation: string, params: ApiCall['params']): ApiCall => ({
  service: 'IAM',
  operation,
  action: `iam:${operation}`,
  resource: arn.role(s.accountId, s.roleName),
  params: { RoleName: s.roleName, PolicyName: REVOKE_POLICY_NAME, ...params },
});

export const revokeRoleSessions = defineAction<State>({
  id: 'revokeRoleSessions',
  title: "Revoke the role's active sessions",
  permissions: ['iam:GetRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy'],
  stateSchema,
  fits: (t) => t.roleName !== undefined,
  async preview({ port }, t) {
    const roleName = t.roleName ?? '';
    const previousDocument = (await port.getRoleInlinePolicy(roleName, REVOKE_POLICY_NAME)) ?? null;
    return {
      resourceLabel: `IAM role ${roleName}`,
      state: { accountId: port.accountId, roleName, previousDocument },
    };
  },
  consequence: (s) =>
    `Every session of ${s.roleName} issued before now is denied all actions (running workloads must assume the role again).`,
  applyCalls: (s) => [
    call(s, 'PutRolePolicy', { PolicyDocument: revokeDocument(s.revokedBefore ?? AT_RUN_TIME) }),
  ],
  undoCalls: (s) =>
    s.previousDocument === null
      ? [call(s, 'DeleteRolePolicy', {})]
      : [call(s, 'PutRolePolicy', { PolicyDocument: s.previousDocument })],
  async apply({ port }, s) {
    // A retried job keeps the time of its first attempt, so the policy it verifies is the one it wrote.
    const revokedBefore = s.revokedBefore ?? new Date().toISOString();
    await port.putRoleInlinePolicy(s.roleName, REVOKE_POLICY_NAME, revokeDocument(revokedBefore));
    return { ...s, revokedBefore };
  },
  async verify({ port }, s) {
    const document = await port.getRoleInlinePolicy(s.roleName, REVOKE_POLICY_NAME);
    const ok =
      s.revokedBefore !== undefined &&
      document !== undefined &&
      sameJson(document, revokeDocument(s.revokedBefore));
    return {
      ok,
      observed: ok
        ? `${REVOKE_POLICY_NAME} denies sessions issued before ${s.revokedBefore}`
        : `${REVOKE_POLICY_NAME} is ${document === undefined ? 'missing' : 'not the one written'}`,
    };
  },
  async undo({ port }, s) {
    if (s.previousDocument === null) await port.deleteRoleInlinePolicy(s.roleName, REVOKE_POLICY_NAME);
    else await port.putRoleInlinePolicy(s.roleName, REVOKE_POLICY_NAME, s.previousDocument);
  },
  async verifyUndo({ port }, s) {
    const document = await port.getRoleInlinePolicy(s.roleName, REVOKE_POLICY_NAME);
    if (s.previousDocument === null)
      return {
        ok: document === undefined,
        observed: `${REVOKE_POLICY_NAME} is ${document === undefined ? 'gone' : 'still there'}`,
      };
    const ok = document !== undefined && sameJson(document, s.previousDocument);
    return {
      ok,
      observed: ok
        ? `the earlier ${REVOKE_POLICY_NAME} is back`
        : `${REVOKE_POLICY_NAME} differs from the earlier one`,
    };
  },
});

/** IAM may return a document reformatted: compare what it says, not its whitespace. */
function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a === b;
  }
}
