import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Alert } from '../alerts/alert.js';
import type { MuteRuleSummary } from './history.js';
import { newMuteId } from './incident-id.js';
import type { IncidentKeys } from './keys.js';

/**
 * Mute rules: alerts of one type on one resource (in one account) open no incident until the
 * rule expires. Stored in one hash (id -> JSON); expired rules are dropped when listed.
 */

export const muteRuleSchema = z.object({
  id: z.string(),
  type: z.string(),
  accountId: z.string(),
  resourceType: z.string(),
  resourceId: z.string(),
  expiresAt: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  incidentId: z.string().optional(),
});
export type MuteRule = z.infer<typeof muteRuleSchema>;

export type NewMuteRule = Omit<MuteRule, 'id' | 'createdAt'>;

export async function addMuteRule(
  redis: Redis,
  keys: IncidentKeys,
  rule: NewMuteRule,
  now: Date,
): Promise<MuteRule> {
  const stored: MuteRule = { ...rule, id: newMuteId(now), createdAt: now.toISOString() };
  await redis.hset(keys.mutes, stored.id, JSON.stringify(stored));
  return stored;
}

export async function listMuteRules(redis: Redis, keys: IncidentKeys, now: Date): Promise<MuteRule[]> {
  const all = await redis.hgetall(keys.mutes);
  const live: MuteRule[] = [];
  const expired: string[] = [];
  for (const [id, text] of Object.entries(all)) {
    const parsed = muteRuleSchema.safeParse(JSON.parse(text) as unknown);
    if (parsed.success && Date.parse(parsed.data.expiresAt) > now.getTime()) live.push(parsed.data);
    else expired.push(id);
  }
  if (expired.length > 0) await redis.hdel(keys.mutes, ...expired);
  return live.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export function muteMatches(rule: MuteRule, alert: Pick<Alert, 'type' | 'accountId' | 'resource'>): boolean {
  return (
    rule.type === alert.type &&
    rule.accountId === alert.accountId &&
    rule.resourceType === alert.resource.type &&
    rule.resourceId === alert.resource.id
  );
}

/**
 * The live rule muting this alert, among rules as stored (the values of the mutes hash, read with
 * the alert). Pure: expired and unreadable rules are skipped here, and `listMuteRules` drops them.
 */
export function findMuteIn(
  ruleTexts: readonly string[],
  alert: Pick<Alert, 'type' | 'accountId' | 'resource'>,
  now: Date,
): MuteRule | undefined {
  let first: MuteRule | undefined;
  for (const text of ruleTexts) {
    const parsed = muteRuleSchema.safeParse(parseJsonOrUndefined(text));
    if (!parsed.success) continue;
    const rule = parsed.data;
    if (!muteMatches(rule, alert) || Date.parse(rule.expiresAt) <= now.getTime()) continue;
    // The oldest matching rule, as `listMuteRules` orders them, so the audit names the same one.
    if (!first || rule.createdAt.localeCompare(first.createdAt) < 0) first = rule;
  }
  return first;
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The digest's view of a rule. */
export function muteRuleSummary(rule: MuteRule): MuteRuleSummary {
  return {
    id: rule.id,
    type: rule.type,
    resource: `${rule.resourceType}/${rule.resourceId}`,
    expiresAt: rule.expiresAt,
  };
}
