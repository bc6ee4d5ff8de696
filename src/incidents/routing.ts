import type { RoutingRule } from '../platform/config/incidents.js';
import type { Incident } from './incident.js';
import { compileGlob } from './runbooks/glob.js';

/**
 * Where an incident's card goes. Pure. The first routing rule that matches wins; without one,
 * the owner's channel (owners.yaml or tag), then the default channel. The first channel holds
 * the card; the mention is the rule's user group, else the owner's.
 */

export type RoutableIncident = Pick<Incident, 'severityLabel' | 'source' | 'accountId' | 'type' | 'owner'>;

export interface Route {
  readonly channels: readonly string[];
  readonly mention?: string;
  /** Which rule matched (1-based), for logs and `watchkeeper` explanations. */
  readonly reason: string;
}

function oneOf<T>(wanted: T | readonly T[] | undefined, actual: T): boolean {
  if (wanted === undefined) return true;
  return Array.isArray(wanted) ? wanted.includes(actual) : wanted === actual;
}

export function ruleMatches(rule: RoutingRule, incident: RoutableIncident): boolean {
  const m = rule.match;
  return (
    oneOf(m.severity, incident.severityLabel) &&
    oneOf(m.source, incident.source) &&
    oneOf(m.account, incident.accountId) &&
    (m.type === undefined || compileGlob(m.type).test(incident.type)) &&
    (m.ownerTeam === undefined || m.ownerTeam.toLowerCase() === incident.owner?.team.toLowerCase())
  );
}

const USER_GROUP_ID = /^S[A-Z0-9]{2,}$/;

export function routeIncident(
  incident: RoutableIncident,
  rules: readonly RoutingRule[],
  defaultChannel: string | undefined,
): Route {
  const ownerGroup =
    incident.owner?.userGroup && USER_GROUP_ID.test(incident.owner.userGroup)
      ? { mention: incident.owner.userGroup }
      : {};
  const index = rules.findIndex((rule) => ruleMatches(rule, incident));
  const rule = rules[index];
  if (rule) {
    const mention = rule.mentionUserGroup ? { mention: rule.mentionUserGroup } : ownerGroup;
    return { channels: [...new Set(rule.channels)], ...mention, reason: `routing rule ${index + 1}` };
  }
  if (incident.owner?.channel)
    return { channels: [incident.owner.channel], ...ownerGroup, reason: `owner ${incident.owner.team}` };
  return {
    channels: defaultChannel ? [defaultChannel] : [],
    ...ownerGroup,
    reason: defaultChannel ? 'default channel' : 'no channel configured',
  };
}
