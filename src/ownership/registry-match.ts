import type { AccountDefaults, OwnerContact, OwnerRule, OwnersRegistry } from './registry.js';

/**
 * Looking things up in a loaded owners.yaml. Pure: no I/O, no logging. Every condition a rule
 * gives must hold (arn AND resource AND account AND tags); within one condition's list, any entry
 * may match.
 */

/** What is being looked up, in the terms owners.yaml rules speak. */
export interface RegistrySubject {
  readonly arn?: string;
  /** Names a `resource:` glob may match: the resource's name, its id, its full resource part. */
  readonly names?: readonly string[];
  readonly accountId?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface RuleMatch {
  readonly rule: OwnerRule;
  /** The rule's owner, with unset channel/userGroup/escalationContact filled from `teams:`. */
  readonly owner: OwnerContact;
  /** Which conditions held, for the answer: `arn arn:aws:s3:::pay-*`, `account 111122223333`. */
  readonly matchedOn: readonly string[];
}

export function findOwnerRule(registry: OwnersRegistry, subject: RegistrySubject): RuleMatch | undefined {
  for (const rule of registry.rules) {
    const matchedOn = ruleMatches(rule, subject);
    if (matchedOn) return { rule, owner: withTeamContact(registry, rule.owner), matchedOn };
  }
  return undefined;
}

function ruleMatches(rule: OwnerRule, subject: RegistrySubject): string[] | undefined {
  const matchedOn: string[] = [];
  if (rule.arn.length > 0) {
    const arn = subject.arn;
    const hit = arn === undefined ? undefined : rule.arn.find((p) => p.regexp.test(arn));
    if (!hit) return undefined;
    matchedOn.push(`arn ${hit.text}`);
  }
  if (rule.resource.length > 0) {
    const names = subject.names ?? [];
    const hit = rule.resource.find((p) => names.some((name) => p.regexp.test(name)));
    if (!hit) return undefined;
    matchedOn.push(`resource ${hit.text}`);
  }
  if (rule.account.length > 0) {
    if (subject.accountId === undefined || !rule.account.includes(subject.accountId)) return undefined;
    matchedOn.push(`account ${subject.accountId}`);
  }
  const wanted = Object.entries(rule.tags);
  if (wanted.length > 0) {
    const tags = subject.tags ?? {};
    if (!wanted.every(([key, value]) => tags[key] === value)) return undefined;
    matchedOn.push(`tags ${wanted.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  }
  return matchedOn;
}

/**
 * The registry's entry for a team named by a tag or an account default: the `teams:` directory
 * first, then the first rule that names the team (case-insensitively, since `Team=Payments`
 * and `team: payments` mean the same team).
 */
export function lookupTeam(registry: OwnersRegistry, team: string): OwnerContact | undefined {
  const wanted = team.trim().toLowerCase();
  const listed = registry.teams.get(wanted);
  const fromRule = registry.rules.find((rule) => rule.owner.team.toLowerCase() === wanted)?.owner;
  if (!listed && !fromRule) return undefined;
  return { ...fromRule, ...listed, team: listed?.team ?? fromRule?.team ?? team };
}

/** Fills the unset contact fields of an owner from the `teams:` directory. */
export function withTeamContact(registry: OwnersRegistry, owner: OwnerContact): OwnerContact {
  const listed = registry.teams.get(owner.team.toLowerCase());
  return listed ? { ...listed, ...owner } : owner;
}

export function accountDefaults(
  registry: OwnersRegistry,
  accountId: string | undefined,
): AccountDefaults | undefined {
  return accountId === undefined ? undefined : registry.accounts.get(accountId);
}
