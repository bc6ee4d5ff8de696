import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../../src/platform/json.js';

const nested = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { inner: value };
  return value;
};

describe('exceedsJsonDepth', () => {
  it('accepts scalars and nesting up to the limit', () => {
    expect(exceedsJsonDepth('text')).toBe(false);
    expect(exceedsJsonDepth(null)).toBe(false);
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH))).toBe(false);
  });

  it('refuses one level more, in objects and arrays alike', () => {
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(exceedsJsonDepth({ a: 1, b: [nested(3)] }, 5)).toBe(false);
    expect(exceedsJsonDepth({ a: 1, b: [nested(3)] }, 4)).toBe(true);
  });

  it('checks a body nested far deeper than the stack allows without overflowing', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`) as unknown;
    expect(exceedsJsonDepth(deep)).toBe(true);
  });
});
