import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runByKey } from '../../../src/platform/queue/run-by-key.js';

interface Item {
  readonly key: string;
  readonly n: number;
}
const items = (spec: string): Item[] => spec.split(' ').map((part, n) => ({ key: part, n }));

/** Runs `list`, each item taking `ms(item)`, and records starts, ends and the most running at once. */
async function trace(
  list: Item[],
  limit: number,
  ms: (item: Item) => number,
  fail?: (item: Item) => boolean,
) {
  const events: string[] = [];
  let running = 0;
  let most = 0;
  const result = await runByKey(list, { keyOf: (item) => item.key, limit }, async (item) => {
    running++;
    most = Math.max(most, running);
    events.push(`start ${item.key}${item.n}`);
    await sleep(ms(item));
    running--;
    if (fail?.(item)) throw new Error(`item ${item.n} failed`);
    events.push(`end ${item.key}${item.n}`);
  });
  return { result, events, most };
}

describe('runByKey', () => {
  it('runs items of one key in order, one at a time, and other keys alongside', async () => {
    // a0 is slow: a's later items must wait for it even though b and c finish first.
    const { result, events, most } = await trace(items('a b a c a b'), 4, (item) => (item.n === 0 ? 30 : 1));
    expect(result).toEqual({ error: undefined, failed: false, done: [true, true, true, true, true, true] });
    const ends = events.filter((e) => e.startsWith('end'));
    expect(ends.filter((e) => e.startsWith('end a'))).toEqual(['end a0', 'end a2', 'end a4']);
    expect(ends.filter((e) => e.startsWith('end b'))).toEqual(['end b1', 'end b5']);
    expect(events.indexOf('start a2')).toBeGreaterThan(events.indexOf('end a0'));
    expect(events.indexOf('end c3')).toBeLessThan(events.indexOf('end a0'));
    expect(most).toBe(3);
  });

  it('never runs more than the limit at once', async () => {
    const { most } = await trace(items('a b c d e f g h i j'), 3, () => 5);
    expect(most).toBe(3);
  });

  it('starts nothing after an item fails, lets those running finish, and says which were done', async () => {
    // b1 fails at 5 ms while a0 (20 ms) still runs; a2 and c3 must not start.
    const { result, events } = await trace(
      items('a b a c'),
      2,
      (item) => (item.n === 0 ? 20 : 5),
      (item) => item.n === 1,
    );
    expect(result.failed).toBe(true);
    expect((result.error as Error).message).toBe('item 1 failed');
    expect(result.done).toEqual([true, false, false, false]);
    expect(events).not.toContain('start a2');
    expect(events).not.toContain('start c3');
    expect(events).toContain('end a0');
  });

  it('runs nothing for no items', async () => {
    const { result } = await trace([], 4, () => 1);
    expect(result).toEqual({ error: undefined, failed: false, done: [] });
  });
});
