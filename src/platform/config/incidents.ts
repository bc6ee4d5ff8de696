import { z } from 'zod';
import { ALERT_SOURCES } from '../alert-sources.js';
import { SEVERITY_LABELS } from '../severity.js';

/**
 * Config sections of the incident engine, routing and escalation. The lead mounts them in the
 * global config (src/config/schema.ts); every key has a default so an empty section is valid.
 */

const severity = z.enum(SEVERITY_LABELS);
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)]);
const channelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'expected a Slack channel id like C0123ABCD');
const userGroupId = z.string().regex(/^S[A-Z0-9]{2,}$/, 'expected a Slack user group id like S0123ABCD');

export const incidentsConfigSchema = z.strictObject({
  /** Alerts on the same resource and finding family within this window join one incident. */
  groupWindowMinutes: z.number().positive().default(60),
  /** A resolved incident whose alert fires again within this window is reopened, not duplicated. */
  reopenWindowHours: z.number().min(0).default(24),
  /** Post a timeline entry in the card's thread for each transition. */
  threadLog: z.boolean().default(true),
  /** Resolve an incident when its CloudWatch alarm returns to OK (otherwise it is only marked recovered). */
  resolveOnAlarmOk: z.boolean().default(false),
});
export type IncidentsConfig = z.infer<typeof incidentsConfigSchema>;

export const routingRuleSchema = z.strictObject({
  match: z
    .strictObject({
      severity: oneOrMany(severity).optional(),
      source: oneOrMany(z.enum(ALERT_SOURCES)).optional(),
      account: oneOrMany(z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id')).optional(),
      /** Finding type, alarm name or detection id; `*` and `?` wildcards (runbook glob dialect). */
      type: z.string().min(1).optional(),
      ownerTeam: z.string().min(1).optional(),
    })
    .prefault({}),
  channels: z.array(channelId).min(1),
  mentionUserGroup: userGroupId.optional(),
});
export type RoutingRule = z.infer<typeof routingRuleSchema>;

export const routingConfigSchema = z.strictObject({
  /** First matching rule wins; no match: the owner's channel, then `channels.default`. */
  rules: z.array(routingRuleSchema).default([]),
});
export type RoutingConfig = z.infer<typeof routingConfigSchema>;

export const escalationConfigSchema = z.strictObject({
  /** Minutes an incident may stay unacknowledged before each escalation; null: never escalate. */
  timeoutsMinutes: z
    .strictObject({
      critical: z.number().positive().nullable().default(5),
      high: z.number().positive().nullable().default(15),
      medium: z.number().positive().nullable().default(60),
      low: z.number().positive().nullable().default(null),
    })
    .prefault({}),
  /** Automatic escalations stop after this many levels. */
  levels: z.number().int().min(0).max(10).default(3),
  /** Where escalation posts go; default: the incident card's channel. */
  channel: channelId.optional(),
  /** Mentioned in escalation posts when the owner has no user group. */
  onCallUserGroup: userGroupId.optional(),
});
export type EscalationConfig = z.infer<typeof escalationConfigSchema>;
