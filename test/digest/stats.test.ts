import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countChange, nearestRankPercentile, topCounts } from '../../src/digest/stats.js';

describe('nearest-rank percentiles', () => {
  it('takes the value at rank ceil(p/100 × n) of the sorted values', () => {
    expect(nearestRankPercentile([4, 1, 3, 2], 50)).toBe(2);
    expect(nearestRankPercentile([4, 1, 3, 2], 90)).toBe(4);
    expect(nearestRankPercentile([15, 20, 35, 40, 50], 30)).toBe(20);
    expect(nearestRankPercentile([15, 20, 35, 40, 50], 100)).toBe(50);
    expect(nearestRankPercentile([7], 0)).toBe(7);
    expect(nearestRankPercentile([], 50)).toBeNull();
  });

  it('always answers one of the input values, and never less than the minimum', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1 }),
        fc.integer({ min: 0, max: 100 }),
        (values, p) => {
          const result = nearestRankPercentile(values, p);
          expect(values).toContain(result);
          expect(result).toBeGreaterThanOrEqual(Math.min(...values));
        },
      ),
    );
  });
});

describe('counts', () => {
  it('reports a change from zero without a percentage', () => {
    expect(countChange(3, 0)).toEqual({ current: 3, previous: 0, delta: 3, percentChange: null });
    expect(countChange(1, 4)).toEqual({ current: 1, previous: 4, delta: -3, percentChange: -75 });
  });

  it('ranks by count then by key', () => {
    expect(topCounts(['b', 'a', 'c', 'b'], 2)).toEqual({
      items: [
        { key: 'b', count: 2 },
        { key: 'a', count: 1 },
      ],
      more: 1,
    });
  });
});
