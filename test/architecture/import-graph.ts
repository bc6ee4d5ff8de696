import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import { type ImportForm, readImports } from './import-reader.js';

/**
 * The import graph of a set of TypeScript files, read straight from disk.
 *
 * Paths are repository-relative with forward slashes (`src/platform/log/logger.ts`), so rules
 * and failure messages can talk about them directly. Every relative specifier is resolved the
 * way NodeNext resolves it to a source file (`./x.js` → `./x.ts`); one that resolves to no
 * file throws, naming the importing file and the specifier — a reader that silently lost edges
 * would let every rule pass.
 */

/** The folders that hold production code. Tests and bench are not production code. */
export const PRODUCTION_ROOTS: readonly string[] = ['src', 'commands', 'workflows'];

export interface ImportEdge {
  /** The importing file. */
  readonly from: string;
  readonly line: number;
  readonly specifier: string;
  readonly form: ImportForm;
  readonly typeOnly: boolean;
  /** The file a relative specifier resolves to; undefined for a package (bare) specifier. */
  readonly target: string | undefined;
}

export interface ImportGraph {
  /** Every source file read, sorted. */
  readonly files: readonly string[];
  /** Every import of every file, in file order then source order. */
  readonly imports: readonly ImportEdge[];
}

const SOURCE_FILE = /\.[mc]?ts$/;

/** The TypeScript source files below `dir` (repository-relative), recursively. */
export function listSourceFiles(root: string, dir: string): string[] {
  const absolute = posix.join(root, dir);
  if (!existsSync(absolute)) throw new Error(`import-graph: folder ${dir}/ does not exist under ${root}`);
  return readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && SOURCE_FILE.test(entry.name))
    .map((entry) => posix.relative(root, posix.join(entry.parentPath.replaceAll('\\', '/'), entry.name)))
    .sort();
}

export function isRelative(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || /^\.\.?\//.test(specifier);
}

/** Source files NodeNext may mean by a specifier that names `path` (already joined). */
function candidates(path: string): string[] {
  const swaps: ReadonlyArray<readonly [string, readonly string[]]> = [
    ['.js', ['.ts', '.tsx', '.d.ts']],
    ['.mjs', ['.mts', '.d.mts']],
    ['.cjs', ['.cts', '.d.cts']],
  ];
  for (const [js, sources] of swaps) {
    if (path.endsWith(js)) return [...sources.map((ts) => path.slice(0, -js.length) + ts), path];
  }
  return [path]; // `./data.json`, `./x.ts`, …: the file itself
}

function isFile(root: string, path: string): boolean {
  try {
    return statSync(posix.join(root, path)).isFile();
  } catch {
    return false;
  }
}

/** The repository-relative file a relative import resolves to, or throws. */
export function resolveRelative(root: string, from: string, specifier: string): string {
  const joined = posix.join(posix.dirname(from), specifier);
  const found = candidates(joined).find((path) => isFile(root, path));
  if (found === undefined) {
    throw new Error(
      `import-graph: ${from} imports '${specifier}', which resolves to no file ` +
        `(tried ${candidates(joined).join(', ')})`,
    );
  }
  return found;
}

/** Reads and resolves the imports of every source file under `dirs` (default: production code). */
export function readImportGraph(root: string, dirs: readonly string[] = PRODUCTION_ROOTS): ImportGraph {
  const normalRoot = root.replaceAll('\\', '/');
  const files = dirs.flatMap((dir) => listSourceFiles(normalRoot, dir)).sort();
  const imports = files.flatMap((from) => {
    let refs: ReturnType<typeof readImports>;
    try {
      refs = readImports(readFileSync(posix.join(normalRoot, from), 'utf8'));
    } catch (error) {
      throw new Error(`import-graph: cannot read the imports of ${from}: ${String(error)}`);
    }
    return refs.map(
      (ref): ImportEdge => ({
        from,
        ...ref,
        target: isRelative(ref.specifier) ? resolveRelative(normalRoot, from, ref.specifier) : undefined,
      }),
    );
  });
  return { files, imports };
}

/** `file:line imports 'specifier'` (→ resolved file), the way every failure message names an import. */
export function describeImport(edge: ImportEdge): string {
  const kind = edge.typeOnly ? ' (import type)' : edge.form === 'dynamic' ? ' (dynamic import)' : '';
  const target = edge.target === undefined || edge.target === edge.specifier ? '' : ` → ${edge.target}`;
  return `${edge.from}:${edge.line} imports '${edge.specifier}'${kind}${target}`;
}
