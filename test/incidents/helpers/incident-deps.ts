import { createIncidentEngineFor, type IncidentDeps } from '../../../src/incidents/deps.js';
import {
  escalationConfigSchema,
  incidentsConfigSchema,
  routingConfigSchema,
} from '../../../src/platform/config/incidents.js';
import type { AppContext } from '../../../src/platform/context.js';

/** A test's incident settings; the engine is bound to the harness's runtime when it starts. */
export type IncidentSettings = Omit<IncidentDeps, 'engine'>;

/** What the composition root does for production: one engine on the runtime's Redis. */
export function bindIncidentDeps(settings: IncidentSettings, ctx: AppContext): IncidentDeps {
  return { ...settings, engine: createIncidentEngineFor(ctx, settings) };
}

/**
 * Incident settings around a test's outbox: no runbooks, default incident and routing config,
 * and a high-severity escalation after 30 minutes (long enough that a test finishes first).
 */
export function settingsWith(outbox: IncidentSettings['outbox']): IncidentSettings {
  return {
    outbox,
    runbooks: [],
    incidents: incidentsConfigSchema.parse({}),
    routing: routingConfigSchema.parse({}),
    escalation: escalationConfigSchema.parse({ timeoutsMinutes: { high: 30 } }),
  };
}
