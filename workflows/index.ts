import type { Workflow } from '../src/queue/processors.js';
import type { ListenerRegistrar, RouteMounter } from '../src/runtime/start.js';

/** Every workflow, route and listener the runtime starts; bound here and nowhere else. */
export const WORKFLOWS: readonly Workflow[] = [];
export const ROUTES: readonly RouteMounter[] = [];
export const LISTENERS: readonly ListenerRegistrar[] = [];
