import { z } from 'zod';
import { arn, defineAction } from './types.js';

/**
 * Disable an IAM user's console password (delete the login profile). AWS cannot give the old
 * password back, so there is no undo: the preview says so before anyone confirms.
 */
const stateSchema = z.object({ accountId: z.string(), userName: z.string().min(1) });
type State = z.infer<typeof stateSchema>;

export const disableConsolePassword = defineAction<State>({
  id: 'disableConsolePassword',
  title: 'Disable the console password',
  cannotUndo:
    'This cannot be undone: AWS does not keep the old password. An admin sets a new one (iam:CreateLoginProfile) when the user is cleared.',
  permissions: ['iam:GetLoginProfile', 'iam:DeleteLoginProfile'],
  stateSchema,
  fits: (t) => t.userName !== undefined,
  async preview({ port }, t) {
    const userName = t.userName ?? '';
    const hasPassword = await port.hasLoginProfile(userName);
    return {
      resourceLabel: `IAM user ${userName}`,
      state: { accountId: port.accountId, userName },
      ...(hasPassword ? {} : { nothingToDo: `IAM user ${userName} has no console password` }),
    };
  },
  consequence: (s) =>
    `${s.userName} can no longer sign in to the AWS console; their access keys are not affected.`,
  applyCalls: (s) => [
    {
      service: 'IAM',
      operation: 'DeleteLoginProfile',
      action: 'iam:DeleteLoginProfile',
      resource: arn.user(s.accountId, s.userName),
      params: { UserName: s.userName },
    },
  ],
  undoCalls: () => undefined,
  async apply({ port }, s) {
    // 'absent' on a retry after the first attempt deleted it: the wanted state either way.
    await port.deleteLoginProfile(s.userName);
    return s;
  },
  async verify({ port }, s) {
    const still = await port.hasLoginProfile(s.userName);
    return {
      ok: !still,
      observed: still ? 'the user still has a console password' : 'the user has no console password',
    };
  },
});
