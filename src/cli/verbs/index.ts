import type { CliVerb } from '../verb.js';
import { checkConfigVerb } from './check-config.js';
import { demoVerb } from './demo.js';
import { startVerb } from './start.js';

/** The only place CLI verb names are bound. */
export const VERBS: readonly CliVerb[] = [startVerb, checkConfigVerb, demoVerb];
