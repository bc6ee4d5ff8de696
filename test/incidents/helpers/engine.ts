import type { Redis } from 'ioredis';
import { createIncidentEngine, type IncidentEngine } from '../../../src/incidents/engine.js';
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
