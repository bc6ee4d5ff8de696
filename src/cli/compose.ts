import { COMMANDS } from '../../commands/index.js';
import { LISTENERS, ROUTES, WORKFLOWS } from '../../workflows/index.js';
import type { StartOptions } from '../runtime/start.js';

/**
 * The composition root: the one module in src/ that imports commands/ and workflows/, so that
 * dependencies otherwise point one way (commands and workflows use src, never the reverse).
 */
export function composition(): Pick<StartOptions, 'commands' | 'workflows' | 'routes' | 'listeners'> {
  return { commands: COMMANDS, workflows: WORKFLOWS, routes: ROUTES, listeners: LISTENERS };
}
