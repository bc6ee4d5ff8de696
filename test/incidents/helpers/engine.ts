import type { Redis } from 'ioredis';
import type { Alert } from '../../../src/alerts/alert.js';
import { createIncidentEngine, type IncidentEngine } from '../../../src/incidents/engine.js';
import type { NewMuteRule } from '../../../src/incidents/mutes.js';
import type { IncidentsConfig } from '../../../src/platform/config/incidents.js';
import { incidentsConfigSchema } from '../../../src/platform/config/incidents.js';
import { uniquePrefix } from '../../support/redis.js';

export const T0 = new Date('2025-03-01T10:00:00.000Z');
export const minutes = (n: number, from: Date = T0) => new Date(from.getTime() + n * 60_000);
export const DEFAULTS = { runbookId: 'guardduty-iam-credentials' } as const;

export function testEngine(redis: Redis, config: Partial<IncidentsConfig> = {}): IncidentEngine {
  return createIncidentEngine({
    redis,
    prefix: `${uniquePrefix('inc')}:inc`,
    config: incidentsConfigSchema.parse(config),
  });
}

/** Two engines on one prefix through two connections: two replicas, each with its own caches. */
export function replicaEngines(
  first: Redis,
  second: Redis,
): { engine: IncidentEngine; replica: IncidentEngine } {
  const prefix = `${uniquePrefix('inc')}:inc`;
  const config = incidentsConfigSchema.parse({});
  return {
    engine: createIncidentEngine({ redis: first, prefix, config }),
    replica: createIncidentEngine({ redis: second, prefix, config }),
  };
}

/** A mute rule for exactly this alert's type and resource, live for an hour after T0. */
export function muteFor(alert: Pick<Alert, 'type' | 'accountId' | 'resource'>): NewMuteRule {
  return {
    type: alert.type,
    accountId: alert.accountId,
    resourceType: alert.resource.type,
    resourceId: alert.resource.id,
    expiresAt: minutes(60).toISOString(),
    createdBy: 'U0SEC',
  };
}
