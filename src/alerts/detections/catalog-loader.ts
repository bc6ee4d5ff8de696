import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { InputError, type Problem } from '../../platform/errors.js';
import { packageRoot } from '../../platform/paths.js';
import { buildCatalog, type Catalog, type DetectionSource } from './catalog.js';

/**
 * Reads workflows/detections/*.yaml into a catalog. The default directory is found from this
 * module's own URL (src/ under vitest, dist/src/ after tsc), walking up to the package root.
 */

export function defaultDetectionsDirectory(): string {
  return join(packageRoot(import.meta.url), 'workflows', 'detections');
}

export interface LoadCatalogOptions {
  /** @defaultValue workflows/detections at the package root */
  readonly directory?: string;
  /** User detections from config, validated with the same schema after the files. */
  readonly extra?: readonly DetectionSource[];
}

export async function loadDetectionCatalog(options: LoadCatalogOptions = {}): Promise<Catalog> {
  const directory = options.directory ?? defaultDetectionsDirectory();
  const { sources, problems } = await readDetectionFiles(directory);
  let catalog: Catalog;
  try {
    catalog = buildCatalog([...sources, ...(options.extra ?? [])]);
  } catch (error) {
    // One report with every problem: unreadable files first, then invalid definitions.
    if (error instanceof InputError && problems.length)
      throw new InputError(INVALID, [...problems, ...error.problems]);
    throw error;
  }
  if (problems.length) throw new InputError(INVALID, problems);
  return catalog;
}

const INVALID = 'Detection catalog is invalid';

/** Every *.yaml / *.yml file in `directory`, by name, plus the files that could not be used and why. */
export async function readDetectionFiles(
  directory: string,
): Promise<{ sources: DetectionSource[]; problems: Problem[] }> {
  let names: string[];
  try {
    names = (await readdir(directory)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new InputError(`Detection directory ${directory} could not be read (${String(code ?? error)})`);
  }
  const problems: Problem[] = [];
  const sources: DetectionSource[] = [];
  for (const name of names) {
    const file = join(directory, name);
    let definition: unknown;
    try {
      definition = parse(await readFile(file, 'utf8'));
    } catch (error) {
      problems.push({
        path: file,
        message: `not valid YAML: ${error instanceof Error ? error.message : String(error)}`,
      });
      continue;
    }
    const id = (definition as { id?: unknown } | null)?.id;
    const stem = name.replace(/\.ya?ml$/, '');
    if (typeof id === 'string' && id !== stem) {
      problems.push({
        path: `${file}: id`,
        message: `id ${id} does not match the file name`,
        fix: `rename to ${id}.yaml`,
      });
      continue;
    }
    sources.push({ source: file, definition });
  }
  return { sources, problems };
}
