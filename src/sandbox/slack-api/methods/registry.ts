import { CHAT_METHODS } from './chat.js';
import type { MethodSpec } from './context.js';
import { DIRECTORY_METHODS } from './directory.js';
import { FILE_METHODS } from './files.js';
import { HISTORY_METHODS } from './history.js';
import { VIEW_METHODS } from './views.js';

/** Every Web API method the stand-in answers; anything else is `unknown_method`. */
export const METHODS: Readonly<Record<string, MethodSpec>> = {
  ...CHAT_METHODS,
  ...VIEW_METHODS,
  ...DIRECTORY_METHODS,
  ...FILE_METHODS,
  ...HISTORY_METHODS,
};
