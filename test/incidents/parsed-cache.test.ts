import { describe, expect, it } from 'vitest';
import { createParsedCache, deepFrozen } from '../../src/incidents/parsed-cache.js';

describe('the parsed cache', () => {
  it('gives a value back only for the exact text it was parsed from', () => {
    const cache = createParsedCache<{ n: number }>(10);
    cache.set('INC-1', '{"n":1}', { n: 1 });
    expect(cache.get('INC-1', '{"n":1}')).toEqual({ n: 1 });
    expect(cache.get('INC-1', '{"n":2}')).toBeUndefined();
    expect(cache.get('INC-2', '{"n":1}')).toBeUndefined();
  });

  it('keeps at most its bound, dropping the least recently used id first', () => {
    const cache = createParsedCache<number>(3);
    for (const n of [1, 2, 3]) cache.set(`INC-${n}`, `t${n}`, n);
    expect(cache.get('INC-1', 't1')).toBe(1); // INC-1 is now the most recently used
    cache.set('INC-4', 't4', 4);
    expect(cache.size).toBe(3);
    expect(cache.get('INC-2', 't2')).toBeUndefined();
    expect([cache.get('INC-1', 't1'), cache.get('INC-3', 't3'), cache.get('INC-4', 't4')]).toEqual([1, 3, 4]);
    for (let n = 5; n < 1_000; n++) cache.set(`INC-${n}`, `t${n}`, n);
    expect(cache.size).toBe(3);
  });

  it('replaces an id’s entry when it is set again', () => {
    const cache = createParsedCache<number>(2);
    cache.set('INC-1', 'a', 1);
    cache.set('INC-1', 'b', 2);
    expect(cache.size).toBe(1);
    expect(cache.get('INC-1', 'a')).toBeUndefined();
    expect(cache.get('INC-1', 'b')).toBe(2);
  });
});

describe('deepFrozen', () => {
  it('freezes the value and everything inside it', () => {
    const value = deepFrozen({ a: { b: [1, { c: 2 }] } });
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.a)).toBe(true);
    expect(Object.isFrozen(value.a.b)).toBe(true);
    expect(Object.isFrozen(value.a.b[1])).toBe(true);
  });
});
