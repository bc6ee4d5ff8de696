import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseAs } from '../../src/alerts/problems.js';
import { InputError } from '../../src/platform/errors.js';

describe('parseAs', () => {
  const schema = z.object({
    n: z.number(),
    s: z.enum(['A', 'B']),
    u: z.union([z.string(), z.number()]).optional(),
  });

  it('turns every zod issue into a Problem naming the field and what was expected', () => {
    try {
      parseAs(schema, { n: 'x', s: 'C', u: true }, 'test thing');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).problems).toEqual([
        { path: 'n', message: 'expected number, got string' },
        { path: 's', message: 'expected one of "A", "B"' },
        { path: 'u', message: 'expected string or number' },
      ]);
      expect((error as InputError).message).toMatch(/^Not a valid test thing: n: expected number/);
    }
  });
});
