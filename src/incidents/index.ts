export {
  type EscalationConfig,
  escalationConfigSchema,
  type IncidentsConfig,
  incidentsConfigSchema,
  type RoutingConfig,
  type RoutingRule,
  routingConfigSchema,
  routingRuleSchema,
} from '../platform/config/incidents.js';
export type { AlertChange, OpenDefaults } from './apply-alert-rules.js';
export {
  type AlertResult,
  createIncidentEngine,
  type IncidentEngine,
  type IncidentEngineOptions,
  type TransitionResult,
} from './engine.js';
export { AlreadyAcknowledgedError, IncidentResolvedError } from './errors.js';
export { findingFamily, groupKeyOf } from './group-key.js';
export { type MuteRule, muteRuleSummary, type NewMuteRule } from './mutes.js';
export * from './timers.js';
export type { Actor, Resolution, Transition } from './transitions.js';
export * as transitions from './transitions.js';
