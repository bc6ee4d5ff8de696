import { COMMANDS } from '../../commands/index.js';
import { type LoadCompositionOptions, loadComposition } from '../../workflows/index.js';
import type { Config } from '../platform/config/schema.js';
import type { StartOptions } from './start.js';

/**
 * The composition root: the one module in src/ that imports commands/ and workflows/, so that
 * dependencies otherwise point one way (commands and workflows use src, never the reverse).
 */
export type Composer = (
  config: Readonly<Config>,
) => Promise<Pick<StartOptions, 'commands' | 'workflows' | 'routes' | 'listeners'>>;

export function composer(options: LoadCompositionOptions = {}): Composer {
  return async (config) => ({ commands: COMMANDS, ...(await loadComposition(config, options)) });
}
