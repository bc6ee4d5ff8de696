import type { ActionCatalog } from '../checks/check.js';
import type { SourcedStatement } from './policy-set.js';

/**
 * What a principal's Allow statements grant on every resource (`"*"`): `'all'` for `"*"` or
 * NotAction, otherwise the set of actions, as bits over the actions the account's policies name
 * (ids handed out as patterns are first expanded). Comparing two principals ("does A have broad
 * access B lacks?") is asked ~150,000 times in a 10,000-principal review: a few word operations,
 * where sets of action names cost millions of string insertions to build.
 */
export type BroadAccess = 'all' | Uint32Array;

export class BroadAccessIndex {
  readonly #catalog: ActionCatalog;
  /** Lower-case action name → its bit. */
  readonly #ids = new Map<string, number>();
  readonly #patterns = new Map<string, Uint32Array>();

  constructor(catalog: ActionCatalog) {
    this.#catalog = catalog;
  }

  of(statements: readonly SourcedStatement[]): BroadAccess {
    const patterns: Uint32Array[] = [];
    let words = 0;
    for (const { statement } of statements) {
      if (statement.Effect !== 'Allow') continue;
      if (!(statement.NotResource || statement.Resource?.includes('*'))) continue;
      if (!statement.Action || statement.Action.some((a) => a === '*' || a === '*:*')) return 'all';
      for (const pattern of statement.Action) {
        const bits = this.#patternBits(pattern);
        patterns.push(bits);
        words = Math.max(words, bits.length);
      }
    }
    const union = new Uint32Array(words);
    for (const bits of patterns)
      for (let w = 0; w < bits.length; w++) union[w] = (union[w] ?? 0) | (bits[w] ?? 0);
    return union;
  }

  /** The pattern's actions (via the catalogue), as bits; ids of actions seen first here are added. */
  #patternBits(pattern: string): Uint32Array {
    let bits = this.#patterns.get(pattern);
    if (!bits) {
      const ids = this.#catalog.expand(pattern).map((action) => this.#idOf(action.toLowerCase()));
      let highest = -1;
      for (const id of ids) highest = Math.max(highest, id);
      bits = new Uint32Array(highest < 0 ? 0 : (highest >>> 5) + 1);
      for (const id of ids) bits[id >>> 5] = (bits[id >>> 5] ?? 0) | (1 << (id & 31));
      this.#patterns.set(pattern, bits);
    }
    return bits;
  }

  #idOf(action: string): number {
    let id = this.#ids.get(action);
    if (id === undefined) {
      id = this.#ids.size;
      this.#ids.set(action, id);
    }
    return id;
  }
}

/** Whether `a` has broad access `b` lacks. */
export function broaderThan(a: BroadAccess, b: BroadAccess): boolean {
  if (b === 'all') return false;
  if (a === 'all') return true;
  for (let w = 0; w < a.length; w++) if (((a[w] ?? 0) & ~(b[w] ?? 0)) !== 0) return true;
  return false;
}
