import { z } from 'zod';
import { maskAccessKeyId } from '../../platform/log/mask.js';
import { NothingToContainError } from '../errors.js';
import { type ApiCall, arn, defineAction } from './types.js';

/**
 * Deactivate an IAM user's access key (GuardDuty's first step for compromised credentials).
 * Deactivating, not deleting, keeps it reversible: undo sets it Active again.
 */
const stateSchema = z.object({
  accountId: z.string(),
  userName: z.string().min(1),
  accessKeyId: z.string().regex(/^AKIA[A-Z0-9]{12,124}$/, 'expected a long-term access key id (AKIA…)'),
  /** The key's status when previewed. */
  statusBefore: z.enum(['Active', 'Inactive']),
});
type State = z.infer<typeof stateSchema>;

const update = (s: State, status: 'Active' | 'Inactive'): ApiCall => ({
  service: 'IAM',
  operation: 'UpdateAccessKey',
  action: 'iam:UpdateAccessKey',
  resource: arn.user(s.accountId, s.userName),
  params: { UserName: s.userName, AccessKeyId: s.accessKeyId, Status: status },
});

async function statusOf(
  port: { listAccessKeys(u: string): Promise<readonly { accessKeyId: string; status: string }[]> },
  s: State,
) {
  return (await port.listAccessKeys(s.userName)).find((k) => k.accessKeyId === s.accessKeyId)?.status;
}

export const deactivateAccessKey = defineAction<State>({
  id: 'deactivateAccessKey',
  title: 'Deactivate the access key',
  permissions: ['iam:ListAccessKeys', 'iam:UpdateAccessKey'],
  stateSchema,
  fits: (t) => t.userName !== undefined && t.accessKeyId !== undefined,
  async preview({ port }, t) {
    const userName = t.userName ?? '';
    const accessKeyId = t.accessKeyId ?? '';
    const label = `access key ${maskAccessKeyId(accessKeyId)} of IAM user ${userName}`;
    const key = (await port.listAccessKeys(userName)).find((k) => k.accessKeyId === accessKeyId);
    if (!key) throw new NothingToContainError(`${label} does not exist (any more)`);
    return {
      resourceLabel: label,
      state: { accountId: port.accountId, userName, accessKeyId, statusBefore: key.status },
      ...(key.status === 'Inactive' ? { nothingToDo: `${label} is already inactive` } : {}),
    };
  },
  consequence: (s) =>
    `Every program using key ${maskAccessKeyId(s.accessKeyId)} of ${s.userName} gets AccessDenied until the key is reactivated.`,
  applyCalls: (s) => [update(s, 'Inactive')],
  undoCalls: (s) => [update(s, 'Active')],
  async apply({ port }, s) {
    await port.updateAccessKey(s.userName, s.accessKeyId, 'Inactive');
    return s;
  },
  async verify({ port }, s) {
    const status = await statusOf(port, s);
    return { ok: status === 'Inactive', observed: `the key is ${status ?? 'gone'}` };
  },
  async undo({ port }, s) {
    await port.updateAccessKey(s.userName, s.accessKeyId, 'Active');
  },
  async verifyUndo({ port }, s) {
    const status = await statusOf(port, s);
    return { ok: status === 'Active', observed: `the key is ${status ?? 'gone'}` };
  },
});
