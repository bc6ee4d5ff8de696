import type { Problem } from '../../platform/errors.js';
import type { FormatPathOptions } from '../../platform/format-path.js';

/** A problem in one runbook file: `path` is the field (`steps[2].command`), `line` 1-based when known. */
export interface RunbookProblem extends Problem {
  readonly file: string;
  readonly line?: number;
}

export function formatRunbookProblem(p: RunbookProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  return `${where} ${p.path}: ${p.message}${p.fix ? ` (fix: ${p.fix})` : ''}`;
}

/** How runbook problems name a field (`steps[2].text`): an empty path is the whole file. */
export const RUNBOOK_PATH: FormatPathOptions = { rootLabel: '(file)' };
