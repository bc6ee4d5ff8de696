import type { Problem } from '../../platform/errors.js';

/** A problem in one runbook file: `path` is the field (`steps[2].command`), `line` 1-based when known. */
export interface RunbookProblem extends Problem {
  readonly file: string;
  readonly line?: number;
}

export function formatRunbookProblem(p: RunbookProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  return `${where} ${p.path}: ${p.message}${p.fix ? ` (fix: ${p.fix})` : ''}`;
}

/** `['steps', 2, 'text']` -> `steps[2].text`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(file)' : out;
}
