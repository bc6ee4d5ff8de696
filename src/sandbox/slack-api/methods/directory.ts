import { channelJson } from '../slack-json.js';
import type { MethodSpec } from './context.js';
import { requireChannel } from './context.js';
import { SlackApiError } from './errors.js';

const usersInfo: MethodSpec = {
  token: 'bot',
  handler: (args, ctx) => {
    const id = args.require('user', 'user_not_found');
    const user = ctx.store.directory.users.get(id);
    if (!user) throw new SlackApiError('user_not_found');
    const realName = user.real_name ?? user.name;
    return {
      body: {
        user: {
          id: user.id,
          team_id: ctx.options.teamId,
          name: user.name,
          real_name: realName,
          deleted: user.deleted ?? false,
          is_admin: user.is_admin ?? false,
          is_owner: user.is_owner ?? false,
          is_bot: user.is_bot ?? false,
          tz: user.tz ?? 'UTC',
          profile: {
            real_name: realName,
            display_name: user.name,
            ...(user.email ? { email: user.email } : {}),
          },
        },
      },
    };
  },
};

const usergroupUsers: MethodSpec = {
  token: 'bot',
  handler: (args, ctx) => {
    const group = ctx.store.directory.userGroups.get(args.require('usergroup', 'no_such_subteam'));
    if (!group) throw new SlackApiError('no_such_subteam');
    return { body: { users: [...group.users] } };
  },
};

const conversationsInfo: MethodSpec = {
  token: 'bot',
  handler: (args, ctx) => ({ body: { channel: channelJson(requireChannel(args, ctx)) } }),
};

const authTest: MethodSpec = {
  token: 'bot',
  handler: (_args, ctx) => ({
    body: {
      url: `https://${ctx.options.teamDomain}.slack.com/`,
      team: ctx.options.teamName,
      user: ctx.options.botName,
      team_id: ctx.options.teamId,
      user_id: ctx.options.botUserId,
      bot_id: ctx.options.botId,
      is_enterprise_install: false,
    },
  }),
};

const connectionsOpen: MethodSpec = {
  token: 'app',
  handler: (_args, ctx) => ({ body: { url: ctx.openSocketUrl() } }),
};

export const DIRECTORY_METHODS: Record<string, MethodSpec> = {
  'users.info': usersInfo,
  'usergroups.users.list': usergroupUsers,
  'conversations.info': conversationsInfo,
  'auth.test': authTest,
  'apps.connections.open': connectionsOpen,
};
