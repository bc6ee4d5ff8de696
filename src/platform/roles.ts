import type { WebClient } from '@slack/web-api';
import { PermissionError } from './errors.js';
import type { Logger } from './log/logger.js';

/**
 * Who may do what. A role lists Slack user ids (U…/W…) and user group ids (S…); group
 * membership is read with `usergroups.users.list` and cached for `cacheMs`. A security admin
 * is also a responder.
 */

export type Role = 'responder' | 'security-admin';

export interface RoleConfig {
  readonly responder: readonly string[];
  readonly securityAdmin: readonly string[];
}

export interface RoleCheckerOptions {
  readonly roles: RoleConfig;
  readonly slack: WebClient;
  readonly now: () => Date;
  readonly logger?: Logger;
  /** @defaultValue 60_000 */
  readonly cacheMs?: number;
}

export interface RoleChecker {
  hasRole(userId: string, role: Role): Promise<boolean>;
  /** Throws PermissionError naming the action and role. */
  requireRole(userId: string, role: Role, action?: string): Promise<void>;
}

const GROUP = /^S[A-Z0-9]+$/;

export function createRoleChecker(options: RoleCheckerOptions): RoleChecker {
  const cacheMs = options.cacheMs ?? 60_000;
  const cache = new Map<string, { at: number; members: Promise<ReadonlySet<string>> }>();

  function membersOf(group: string): Promise<ReadonlySet<string>> {
    const now = options.now().getTime();
    const hit = cache.get(group);
    if (hit && now - hit.at < cacheMs) return hit.members;
    const members = options.slack.usergroups.users
      .list({ usergroup: group })
      .then((r) => new Set(r.users ?? []) as ReadonlySet<string>);
    // A failed look-up is not cached: the next click asks again.
    members.catch((err: unknown) => {
      cache.delete(group);
      options.logger?.warn({ err, group }, 'could not read user group members');
    });
    cache.set(group, { at: now, members });
    return members;
  }

  async function listed(userId: string, entries: readonly string[]): Promise<boolean> {
    if (entries.includes(userId)) return true;
    for (const group of entries.filter((e) => GROUP.test(e))) {
      const members = await membersOf(group).catch(() => new Set<string>());
      if (members.has(userId)) return true;
    }
    return false;
  }

  async function hasRole(userId: string, role: Role): Promise<boolean> {
    if (await listed(userId, options.roles.securityAdmin)) return true;
    return role === 'responder' && listed(userId, options.roles.responder);
  }

  return {
    hasRole,
    async requireRole(userId, role, action = role === 'security-admin' ? 'do that' : 'act on incidents') {
      if (!(await hasRole(userId, role))) throw new PermissionError(action, role);
    },
  };
}
