import type { ResolvedOptions } from '../options.js';
import type { Directory } from '../store/directory.js';

/** The parts every payload shares: team, user, app, and the legacy verification token. */
export function userJson(directory: Directory, userId: string, o: ResolvedOptions): Record<string, unknown> {
  const name = directory.users.get(userId)?.name ?? userId;
  return { id: userId, username: name, name, team_id: o.teamId };
}

export function teamJson(o: ResolvedOptions): Record<string, unknown> {
  return { id: o.teamId, domain: o.teamDomain };
}

/** Slash command form fields, in the order Slack sends them. */
export function slashCommandFields(args: {
  o: ResolvedOptions;
  directory: Directory;
  command: string;
  text: string;
  userId: string;
  channelId: string;
  responseUrl: string;
  triggerId: string;
}): Record<string, string> {
  const { o, directory } = args;
  return {
    token: o.verificationToken,
    team_id: o.teamId,
    team_domain: o.teamDomain,
    channel_id: args.channelId,
    channel_name: directory.channels.get(args.channelId)?.name ?? args.channelId,
    user_id: args.userId,
    user_name: directory.users.get(args.userId)?.name ?? args.userId,
    command: args.command,
    text: args.text,
    api_app_id: o.appId,
    is_enterprise_install: 'false',
    response_url: args.responseUrl,
    trigger_id: args.triggerId,
  };
}

/** The Events API wrapper around one event. */
export function eventCallback(
  o: ResolvedOptions,
  event: Record<string, unknown>,
  eventId: string,
  nowSeconds: number,
) {
  return {
    token: o.verificationToken,
    team_id: o.teamId,
    api_app_id: o.appId,
    event: { event_ts: `${nowSeconds}.000000`, ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: nowSeconds,
    authorizations: [
      {
        enterprise_id: null,
        team_id: o.teamId,
        user_id: o.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}
