import { z } from 'zod';
import type { Config } from '../../platform/config/schema.js';
import { UsageError } from '../../platform/errors.js';
import { TaskName } from '../../platform/queue/names.js';
import { defineTask } from '../../platform/queue/task-job.js';

/** The arguments of `/access-review`, parsed once in the ack path (usage errors at once) and queued as data. */
export const ACCESS_REVIEW_USAGE = '/access-review [account-id | alias] [user:NAME | role:NAME] [private]';

export const accessReviewArgsSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/),
  /** `account`, `user:NAME` or `role:NAME`. */
  scope: z.string().regex(/^(account|(user|role):[\w+=,.@-]{1,64})$/),
  private: z.boolean(),
});
export type AccessReviewArgs = z.infer<typeof accessReviewArgsSchema>;

export const accessReviewTask = defineTask(TaskName.AccessReview, accessReviewArgsSchema);

const ACCOUNT_ID = /^\d{12}$/;
/** IAM user and role names: letters, digits and `+=,.@_-`, 1–64 characters. */
const PRINCIPAL = /^(user|role):([\w+=,.@-]{1,64})$/i;

export function parseAccessReviewArgs(text: string, config: Readonly<Config>): AccessReviewArgs {
  const usage = (message: string) => new UsageError(message, ACCESS_REVIEW_USAGE);
  const accounts = config.aws.accounts;
  let account: string | undefined;
  let scope = 'account';
  let isPrivate = false;
  for (const word of text.trim().split(/\s+/).filter(Boolean)) {
    const principal = PRINCIPAL.exec(word);
    if (principal) {
      if (scope !== 'account') throw usage('Name at most one user:NAME or role:NAME');
      scope = `${principal[1]?.toLowerCase()}:${principal[2]}`;
    } else if (word.toLowerCase() === 'private') {
      isPrivate = true;
    } else if (/^(user|role):/i.test(word)) {
      throw usage(`"${word.slice(0, 80)}" is not a valid IAM ${word.split(':')[0]?.toLowerCase()} name`);
    } else {
      const match = accounts.find((a) => a.id === word || a.alias?.toLowerCase() === word.toLowerCase());
      if (!match) {
        const known = accounts.map((a) => (a.alias ? `${a.alias} (${a.id})` : a.id)).join(', ');
        throw usage(
          ACCOUNT_ID.test(word)
            ? `Account ${word} is not in Watchkeeper's config (aws.accounts). Configured: ${known || 'none'}`
            : `"${word.slice(0, 80)}" is not an account id, alias, user:NAME, role:NAME or "private"`,
        );
      }
      if (account) throw usage(`Name one account, not "${account}" and "${word.slice(0, 80)}"`);
      account = match.id;
    }
  }
  if (!account) {
    const only = accounts.length === 1 ? accounts[0] : undefined;
    if (!only)
      throw usage(
        accounts.length === 0
          ? 'No AWS account is configured (aws.accounts in the config)'
          : `Say which account: ${accounts.map((a) => a.alias ?? a.id).join(', ')}`,
      );
    account = only.id;
  }
  return { accountId: account, scope, private: isPrivate };
}
