import type { ResolvedOptions } from './options.js';
import type { StoredChannel, StoredFile, StoredMessage, StoredView } from './store/types.js';

/** How Slack writes objects in API answers and payloads. Pure formatting, no state. */

export function messageJson(m: StoredMessage, o: ResolvedOptions): Record<string, unknown> {
  return {
    type: 'message',
    ...(m.files.length ? { subtype: 'file_share' } : {}),
    text: m.text,
    user: m.user,
    ...(m.botId ? { bot_id: m.botId, app_id: o.appId } : {}),
    ts: m.ts,
    team: o.teamId,
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.attachments ? { attachments: m.attachments } : {}),
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    ...(m.replies.length ? { reply_count: m.replies.length, latest_reply: m.replies.at(-1) } : {}),
    ...(m.metadata ? { metadata: m.metadata } : {}),
    ...(m.edits.length ? { edited: { user: m.user, ts: m.edits.at(-1)?.editedTs } } : {}),
    ...(m.botId
      ? { bot_profile: { id: m.botId, app_id: o.appId, name: o.botName, team_id: o.teamId, deleted: false } }
      : {}),
  };
}

export function viewJson(v: StoredView, o: ResolvedOptions): Record<string, unknown> {
  const view = v.view;
  return {
    id: v.id,
    team_id: o.teamId,
    type: view.type ?? 'modal',
    blocks: view.blocks ?? [],
    private_metadata: view.private_metadata ?? '',
    callback_id: view.callback_id ?? '',
    state: { values: v.stateValues },
    hash: v.hash,
    title: view.title ?? null,
    clear_on_close: view.clear_on_close ?? false,
    notify_on_close: view.notify_on_close ?? false,
    close: view.close ?? null,
    submit: view.submit ?? null,
    previous_view_id: v.previousViewId,
    root_view_id: v.rootViewId,
    app_id: o.appId,
    external_id: v.externalId ?? '',
    app_installed_team_id: o.teamId,
    bot_id: o.botId,
  };
}

export function channelJson(c: StoredChannel): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    is_channel: !c.isIm && !c.isPrivate,
    is_group: !c.isIm && c.isPrivate,
    is_im: c.isIm,
    is_private: c.isPrivate,
    is_archived: false,
    is_member: c.botIsMember,
    created: c.created,
    num_members: c.members.size,
  };
}

export function fileJson(f: StoredFile, o: ResolvedOptions, baseUrl: string): Record<string, unknown> {
  return {
    id: f.id,
    created: f.created,
    name: f.name,
    title: f.title,
    mimetype: 'application/octet-stream',
    filetype: f.name.includes('.') ? f.name.split('.').at(-1) : 'binary',
    user: o.botUserId,
    size: f.bytes?.length ?? 0,
    ...(f.altText ? { alt_txt: f.altText } : {}),
    url_private: `${baseUrl}/files/${f.id}/${encodeURIComponent(f.name)}`,
    permalink: `https://${o.teamDomain}.slack.com/files/${o.botUserId}/${f.id}/${encodeURIComponent(f.name)}`,
    channels: f.channels,
  };
}

export function permalink(o: ResolvedOptions, m: StoredMessage): string {
  const base = `https://${o.teamDomain}.slack.com/archives/${m.channel}/p${m.ts.replace('.', '')}`;
  return m.threadTs ? `${base}?thread_ts=${m.threadTs}&cid=${m.channel}` : base;
}
