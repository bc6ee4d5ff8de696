/**
 * What this process last read or wrote per id: the stored text and that text parsed. Reading the
 * same text again (most reads: this replica wrote it, or read it a moment ago) gives back the
 * parsed value without parsing or validating again; any other text is a miss and is parsed as
 * usual. Bounded: the least recently used id goes first (a Map keeps insertion order, and a hit
 * moves its id to the end).
 *
 * A value handed out is shared by every later hit, so it must never be changed: the engine
 * freezes incidents before they go in (`deepFrozen`).
 */
export interface ParsedCache<T> {
  /** The value parsed from exactly this text, or undefined when the text is not the one cached. */
  get(id: string, text: string): T | undefined;
  set(id: string, text: string, value: T): void;
  readonly size: number;
}

export function createParsedCache<T>(maxEntries: number): ParsedCache<T> {
  const entries = new Map<string, { readonly text: string; readonly value: T }>();
  return {
    get(id, text) {
      const entry = entries.get(id);
      if (!entry || entry.text !== text) return undefined;
      entries.delete(id);
      entries.set(id, entry);
      return entry.value;
    },
    set(id, text, value) {
      entries.delete(id);
      entries.set(id, { text, value });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
    },
    get size() {
      return entries.size;
    },
  };
}

/** The value, with it and every object and array inside frozen (so a shared value cannot change). */
export function deepFrozen<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) deepFrozen(inner);
  return Object.freeze(value);
}
