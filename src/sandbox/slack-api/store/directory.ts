import type { SeedChannel, SeedUser, SeedUserGroup } from '../options.js';
import type { StoredChannel } from './types.js';

/** The workspace's people, user groups and channels, seeded from options. */
export class Directory {
  readonly users = new Map<string, SeedUser>();
  readonly userGroups = new Map<string, SeedUserGroup>();
  readonly channels = new Map<string, StoredChannel>();

  constructor(seed: {
    users: SeedUser[];
    userGroups: SeedUserGroup[];
    channels: SeedChannel[];
    created: number;
  }) {
    for (const user of seed.users) this.users.set(user.id, user);
    for (const group of seed.userGroups) this.userGroups.set(group.id, group);
    for (const channel of seed.channels) this.addChannel(channel, seed.created);
  }

  addChannel(seed: SeedChannel, created: number): StoredChannel {
    const channel: StoredChannel = {
      id: seed.id,
      name: seed.name,
      isPrivate: seed.is_private ?? false,
      isIm: false,
      botIsMember: seed.bot_is_member ?? true,
      members: new Set(seed.members ?? [...this.users.keys()]),
      created,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  addUser(user: SeedUser): void {
    this.users.set(user.id, user);
  }

  /**
   * Finds a channel the way chat.postMessage does: by id, by `#name` or name, or by a user id,
   * which opens (or reuses) the bot's DM with that user.
   */
  resolveChannel(ref: string, created: number): StoredChannel | undefined {
    const byId = this.channels.get(ref);
    if (byId) return byId;
    const name = ref.startsWith('#') ? ref.slice(1) : ref;
    for (const channel of this.channels.values()) if (!channel.isIm && channel.name === name) return channel;
    if (this.users.has(ref)) return this.openIm(ref, created);
    return undefined;
  }

  openIm(userId: string, created: number): StoredChannel {
    const id = `D${userId.replace(/^[UW]/, '')}`;
    const existing = this.channels.get(id);
    if (existing) return existing;
    const channel: StoredChannel = {
      id,
      name: userId,
      isPrivate: true,
      isIm: true,
      botIsMember: true,
      members: new Set([userId]),
      created,
    };
    this.channels.set(id, channel);
    return channel;
  }
}
