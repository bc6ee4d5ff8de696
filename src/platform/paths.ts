import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding Watchkeeper's package.json. Data files (runbooks, detections) stay at the
 * package root while code runs from src/ (tests) or dist/ (production), so both walk up to it.
 */
export function packageRoot(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'workflows'))) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`Watchkeeper's package root was not found above ${fileURLToPath(from)}`);
    dir = parent;
  }
}
