import type { SlackStandIn } from '../slack-api/stand-in.js';
import type { SlackStore } from '../slack-api/store/store.js';
import type { EphemeralMessage, StoredFile, StoredMessage, StoredView } from '../slack-api/store/types.js';
import { contentTypeOf } from './content-type.js';

/** What the page draws: one user's view of the workspace. Built fresh on every change. */

export interface UiMessage {
  ts: string;
  user: string;
  isBot: boolean;
  text: string;
  blocks: unknown[] | undefined;
  attachments: unknown[] | undefined;
  files: string[];
  edited: boolean;
  threadTs: string | undefined;
  replyCount: number;
}

export interface UiChannel {
  id: string;
  name: string;
  isIm: boolean;
  isPrivate: boolean;
  /** Top-level messages, oldest first. */
  messages: UiMessage[];
  /** Replies by parent ts, oldest first. */
  threads: Record<string, UiMessage[]>;
}

export interface UiState {
  sampleData: true;
  team: { id: string; name: string };
  bot: { id: string; name: string };
  users: Array<{ id: string; name: string; realName: string }>;
  userGroups: Array<{ id: string; handle: string }>;
  channels: UiChannel[];
  /** Ephemeral messages only this user sees. */
  ephemerals: Array<Omit<EphemeralMessage, 'user' | 'source'>>;
  /** Open modals of this user, root first (the last is on top). */
  views: Array<{ id: string; hash: string; rootViewId: string; view: Record<string, unknown> }>;
  files: Record<
    string,
    { id: string; name: string; title: string; url: string; isImage: boolean; altText?: string }
  >;
}

function uiMessage(m: StoredMessage, botUserId: string): UiMessage {
  return {
    ts: m.ts,
    user: m.user,
    isBot: m.botId !== undefined || m.user === botUserId,
    text: m.text,
    blocks: m.blocks,
    attachments: m.attachments,
    files: m.files,
    edited: m.edits.length > 0,
    threadTs: m.threadTs,
    replyCount: m.replies.length,
  };
}

function channelsFor(store: SlackStore, userId: string | undefined, botUserId: string): UiChannel[] {
  // A DM with the app shows only to its one member; private channels only to members.
  const visible = [...store.directory.channels.values()].filter((c) =>
    userId === undefined
      ? !c.isIm && !c.isPrivate
      : c.isIm
        ? c.members.has(userId)
        : !c.isPrivate || c.members.has(userId),
  );
  return visible.map((c) => {
    const threads: Record<string, UiMessage[]> = {};
    const top = store.messagesIn(c.id);
    for (const parent of top) {
      if (parent.replies.length === 0) continue;
      threads[parent.ts] = store
        .threadOf(c.id, parent.ts)
        .filter((m) => m.ts !== parent.ts)
        .map((m) => uiMessage(m, botUserId));
    }
    return {
      id: c.id,
      name: c.isIm ? 'watchkeeper (app)' : c.name,
      isIm: c.isIm,
      isPrivate: c.isPrivate,
      messages: top.map((m) => uiMessage(m, botUserId)),
      threads,
    };
  });
}

function fileEntry(f: StoredFile): UiState['files'][string] {
  return {
    id: f.id,
    name: f.name,
    title: f.title,
    url: `/ui/files/${encodeURIComponent(f.id)}`,
    isImage: contentTypeOf(f.name).startsWith('image/'),
    ...(f.altText ? { altText: f.altText } : {}),
  };
}

function viewEntry(v: StoredView): UiState['views'][number] {
  return { id: v.id, hash: v.hash, rootViewId: v.rootViewId, view: v.view };
}

/** The workspace as `userId` sees it; without one, only public channels and no one's ephemerals or modals. */
export function workspaceState(slack: Pick<SlackStandIn, 'store' | 'options'>, userId?: string): UiState {
  const { store, options: o } = slack;
  const files: UiState['files'] = {};
  for (const f of store.files.values()) if (f.completed && f.bytes) files[f.id] = fileEntry(f);
  return {
    sampleData: true,
    team: { id: o.teamId, name: o.teamName },
    bot: { id: o.botUserId, name: o.botName },
    users: [...store.directory.users.values()]
      .filter((u) => !u.deleted && !u.is_bot)
      .map((u) => ({ id: u.id, name: u.name, realName: u.real_name ?? u.name })),
    userGroups: [...store.directory.userGroups.values()].map((g) => ({ id: g.id, handle: g.handle })),
    channels: channelsFor(store, userId, o.botUserId),
    ephemerals:
      userId === undefined
        ? []
        : store.ephemeralsFor(userId).map(({ user: _user, source: _source, ...rest }) => rest),
    views: userId === undefined ? [] : store.openViewsOf(userId).map(viewEntry),
    files,
  };
}
