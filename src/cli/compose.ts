import { COMMANDS } from '../../commands/index.js';
import { type LoadCompositionOptions, loadComposition } from '../../workflows/index.js';
import type { StartOptions } from '../runtime/start.js';

/**
 * The composition root: the one module in src/ that imports commands/ and workflows/, so that
 * dependencies otherwise point one way (commands and workflows use src, never the reverse).
 */
export async function composition(
  options: LoadCompositionOptions = {},
): Promise<Pick<StartOptions, 'commands' | 'workflows' | 'routes' | 'listeners'>> {
  return { commands: COMMANDS, ...(await loadComposition(options)) };
}
