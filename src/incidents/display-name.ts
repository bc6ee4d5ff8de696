import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { isSlackUserId } from '../slack/blocks/elements.js';

/**
 * The plain name a thread entry shows for a Slack user (thread entries never mention anyone,
 * so `<@U…>` is not an option). Asked of Slack's users.info; any failure, or an id that is not a
 * Slack user's (`watchkeeper`), gives undefined and the entry is written without the name.
 */
const usersInfoAnswer = z.object({
  user: z.object({
    name: z.string().optional(),
    real_name: z.string().optional(),
    profile: z.object({ display_name: z.string().optional(), real_name: z.string().optional() }).optional(),
  }),
});

export async function displayNameOf(
  ctx: Pick<AppContext, 'slack' | 'logger'>,
  userId: string | undefined,
): Promise<string | undefined> {
  if (userId === undefined || !isSlackUserId(userId)) return undefined;
  try {
    const parsed = usersInfoAnswer.safeParse(await ctx.slack.users.info({ user: userId }));
    if (!parsed.success) return undefined;
    const { user } = parsed.data;
    const names = [user.profile?.display_name, user.profile?.real_name, user.real_name, user.name];
    return names.find((n): n is string => n !== undefined && n.trim() !== '');
  } catch (error) {
    ctx.logger.debug(
      { userId, err: { message: (error as Error).message } },
      'users.info failed; name left out',
    );
    return undefined;
  }
}
