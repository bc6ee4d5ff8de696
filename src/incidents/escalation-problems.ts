import type { EscalationConfig, RoutingConfig } from '../platform/config/incidents.js';

/**
 * What is wrong with the escalation settings, in one sentence each, for the places that report
 * configuration once: the start-up log, `watchkeeper check-config` and the admin `/readyz`
 * details. Escalation posts themselves no longer repeat it.
 */
export function escalationConfigProblems(config: {
  readonly escalation: EscalationConfig;
  readonly routing: RoutingConfig;
}): string[] {
  const { escalation } = config;
  const escalates =
    escalation.levels > 0 && Object.values(escalation.timeoutsMinutes).some((minutes) => minutes !== null);
  if (!escalates || escalation.onCallUserGroup !== undefined) return [];
  const everyRuleMentions =
    config.routing.rules.length > 0 && config.routing.rules.every((r) => r.mentionUserGroup);
  // Incidents no rule matches (and owners without a group) still fall back to onCallUserGroup.
  const which = everyRuleMentions
    ? 'incidents that match no routing rule'
    : 'incidents whose routing rule and owner name no user group';
  return [
    `escalation.onCallUserGroup is not set: ${which} escalate in their thread only and page nobody (set it to the on-call Slack user group id, like S0123ABCD)`,
  ];
}
