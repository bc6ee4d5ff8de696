import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../platform/errors.js';
import { packageRoot } from '../../platform/paths.js';
import { lintRunbookSources } from './lint.js';
import type { RunbookSource } from './parse.js';
import type { RunbookProblem } from './problems.js';
import type { Runbook } from './schema.js';

/** workflows/runbooks under the package root; the same from src/ (tests) and dist/ (production). */
export function defaultRunbooksDir(): string {
  return join(packageRoot(import.meta.url), 'workflows', 'runbooks');
}

const RUNBOOK_FILE = /\.ya?ml$/i;

/** Every *.yaml / *.yml file of the folder, in name order. */
export async function readRunbookSources(dir: string = defaultRunbooksDir()): Promise<RunbookSource[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new InputError(`Runbook folder ${dir} cannot be read`, [
      {
        path: dir,
        message: error instanceof Error ? error.message : String(error),
        fix: 'create it or pass the folder that holds the runbook YAML files',
      },
    ]);
  }
  const files = names.filter((n) => RUNBOOK_FILE.test(n)).sort();
  return Promise.all(
    files.map(async (name) => ({ file: join(dir, name), text: await readFile(join(dir, name), 'utf8') })),
  );
}

/** Lint problems of a runbook folder (an unreadable folder is one problem too). */
export async function lintRunbooks(dir: string = defaultRunbooksDir()): Promise<RunbookProblem[]> {
  let sources: RunbookSource[];
  try {
    sources = await readRunbookSources(dir);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [{ file: dir, path: '(folder)', message }];
  }
  if (sources.length === 0)
    return [{ file: dir, path: '(folder)', message: 'no runbook files (*.yaml) found' }];
  return [...lintRunbookSources(sources).problems];
}

/** Loads and checks the runbooks; any lint problem stops the load with every problem listed. */
export async function loadRunbooks(dir: string = defaultRunbooksDir()): Promise<Runbook[]> {
  const sources = await readRunbookSources(dir);
  if (sources.length === 0) throw new InputError(`No runbook files (*.yaml) in ${dir}`);
  const { runbooks, problems } = lintRunbookSources(sources);
  if (problems.length > 0) {
    throw new InputError(
      `Runbooks in ${dir} are invalid`,
      problems.map((p) => ({
        path: `${p.file}${p.line === undefined ? '' : `:${p.line}`} ${p.path}`,
        message: p.message,
        ...(p.fix ? { fix: p.fix } : {}),
      })),
    );
  }
  return [...runbooks];
}
