import { type Token, tokenize } from './source-lexer.js';

/**
 * Finds the module specifiers one TypeScript file depends on, from its tokens:
 *
 *   import x, { y } from './a.js'        form 'import'       (typeOnly: false)
 *   import type { T } from './a.js'      form 'import'       (typeOnly: true)
 *   import './a.js'                      form 'side-effect'
 *   export { y } from './a.js'           form 'export'       (`export type { … }` is typeOnly)
 *   export * as ns from './a.js'         form 'export'
 *   await import('./a.js')               form 'dynamic'      (only with a string literal)
 *
 * `import { type T } from` is NOT type-only: under `verbatimModuleSyntax` it still loads the
 * module at runtime. An `import` keyword in a shape this reader does not know throws, so a
 * statement it cannot read never silently drops out of the graph.
 */

export type ImportForm = 'import' | 'side-effect' | 'export' | 'dynamic';

export interface ImportRef {
  readonly specifier: string;
  /** 1-based line of the `import` / `export` keyword. */
  readonly line: number;
  readonly form: ImportForm;
  /** `import type …` or `export type … from`: erased by the compiler, no runtime dependency. */
  readonly typeOnly: boolean;
}

const isName = (t: Token | undefined, value?: string): boolean =>
  t?.kind === 'name' && (value === undefined || t.value === value);
const isPunct = (t: Token | undefined, value: string): boolean => t?.kind === 'punct' && t.value === value;

export function readImports(source: string): ImportRef[] {
  const tokens = tokenize(source);
  const found: ImportRef[] = [];

  /** If `tokens[j]` is `from` followed by a string, that string is the specifier. */
  const fromClause = (j: number): string | undefined => {
    const spec = tokens[j + 1];
    return isName(tokens[j], 'from') && spec?.kind === 'string' ? spec.value : undefined;
  };
  /** Index just past the `}` that closes the `{` at `j`. */
  const pastBraces = (j: number): number => {
    let k = j;
    while (k < tokens.length && !isPunct(tokens[k], '}')) k++;
    return k + 1;
  };

  const readImport = (i: number, line: number): void => {
    const next = tokens[i + 1];
    if (isPunct(next, '.')) return; // import.meta
    if (isPunct(next, '(')) {
      const spec = tokens[i + 2];
      const close = tokens[i + 3];
      if (spec?.kind === 'string' && (isPunct(close, ')') || isPunct(close, ','))) {
        found.push({ specifier: spec.value, line, form: 'dynamic', typeOnly: false });
      }
      return; // import(someVariable) cannot be resolved statically and is outside the rules
    }
    if (next?.kind === 'string') {
      found.push({ specifier: next.value, line, form: 'side-effect', typeOnly: false });
      return;
    }
    // `import type from './x.js'` imports a default export *named* `type`.
    const after = tokens[i + 2];
    const typeOnly =
      isName(next, 'type') && !(isName(after, 'from') || isPunct(after, ',') || isPunct(after, '='));
    let j = typeOnly ? i + 2 : i + 1;
    while (j < tokens.length) {
      const specifier = fromClause(j);
      if (specifier !== undefined) {
        found.push({ specifier, line, form: 'import', typeOnly });
        return;
      }
      const t = tokens[j];
      if (isPunct(t, '{')) j = pastBraces(j);
      else if (isName(t) || isPunct(t, ',') || isPunct(t, '*')) j++;
      else break;
    }
    throw new Error(`import-reader: unrecognised import statement on line ${line}`);
  };

  const readExport = (i: number, line: number): void => {
    const typeOnly = isName(tokens[i + 1], 'type') && !isName(tokens[i + 2]);
    let j = typeOnly ? i + 2 : i + 1;
    if (isPunct(tokens[j], '{')) {
      const specifier = fromClause(pastBraces(j));
      // Without `from`, `export { a, b }` only re-exports local names.
      if (specifier !== undefined) found.push({ specifier, line, form: 'export', typeOnly });
      return;
    }
    if (!isPunct(tokens[j], '*')) return; // export const / function / class / default / …
    j++;
    if (isName(tokens[j], 'as')) j += 2;
    const specifier = fromClause(j);
    if (specifier === undefined) throw new Error(`import-reader: unrecognised export * on line ${line}`);
    found.push({ specifier, line, form: 'export', typeOnly });
  };

  tokens.forEach((t, i) => {
    if (t.kind !== 'name' || (t.value !== 'import' && t.value !== 'export')) return;
    // `x.import`, `x?.export` and `{ import: … }` are property names, not statements.
    if (isPunct(tokens[i - 1], '.') || isPunct(tokens[i + 1], ':')) return;
    if (t.value === 'import') readImport(i, t.line);
    else readExport(i, t.line);
  });
  return found;
}
