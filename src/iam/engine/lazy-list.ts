/**
 * A list produced from an iterator only as far as someone reads it, and kept, so a second reader
 * starts from the items already made. The escalation search stops at the first target that
 * settles a method, usually the first one: the roles a principal can reach (thousands when it may
 * assume any role of the account) and their policies were built in full for one item each.
 */
export class LazyList<T> implements Iterable<T> {
  readonly #items: T[] = [];
  #source: Iterator<T> | undefined;

  constructor(source: Iterable<T>) {
    this.#source = source[Symbol.iterator]();
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; ; i++) {
      if (i < this.#items.length) {
        yield this.#items[i] as T;
        continue;
      }
      if (!this.#source) return;
      const next = this.#source.next();
      if (next.done) {
        this.#source = undefined;
        return;
      }
      this.#items.push(next.value);
      yield next.value;
    }
  }
}
