import { createIncidentEngineFor, type IncidentDeps } from '../../../src/incidents/deps.js';
import type { AppContext } from '../../../src/platform/context.js';

/** A test's incident settings; the engine is bound to the harness's runtime when it starts. */
export type IncidentSettings = Omit<IncidentDeps, 'engine'>;

/** What the composition root does for production: one engine on the runtime's Redis. */
export function bindIncidentDeps(settings: IncidentSettings, ctx: AppContext): IncidentDeps {
  return { ...settings, engine: createIncidentEngineFor(ctx, settings) };
}
