import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateFilterPattern } from '../../../../src/alerts/detections/filter-pattern/evaluator.js';
import { parseFilterPattern } from '../../../../src/alerts/detections/filter-pattern/parser.js';
import { InputError } from '../../../../src/platform/errors.js';

/** Strings built from the pattern alphabet hit far more parser paths than arbitrary unicode. */
const patternPiece = fc.constantFrom(
  '{',
  '}',
  '(',
  ')',
  '&&',
  '||',
  '&',
  '|',
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '!',
  ' ',
  '"',
  '\\',
  '$.a',
  '$.b.c',
  '$.a[0]',
  '$.',
  '$',
  '[',
  ']',
  'NOT',
  'EXISTS',
  'IS',
  'NULL',
  'TRUE',
  'FALSE',
  '*',
  'x*',
  '*x',
  '1',
  '-2.5e3',
  'kms.amazonaws.com',
  '%r%',
  '"q"',
);
const patternLike = fc.array(patternPiece, { maxLength: 30 }).map((parts) => parts.join(''));
const validPattern = fc
  .array(
    fc.tuple(
      fc.constantFrom('$.a', '$.b.c', '$.a[0]', '$.n'),
      fc.constantFrom('= "x*"', '!= 1', '> 2', '= *', 'NOT EXISTS', 'IS NULL', 'IS TRUE'),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .chain((terms) =>
    fc
      .array(fc.constantFrom(' && ', ' || '), { minLength: terms.length - 1, maxLength: terms.length - 1 })
      .map(
        (ops) => `{ ${terms.map(([s, t], i) => `${i ? (ops[i - 1] ?? ' && ') : ''}(${s} ${t})`).join('')} }`,
      ),
  );

function onlyInputErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
  }
}

describe('filter pattern robustness', () => {
  it('throws nothing but InputError on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => onlyInputErrors(() => parseFilterPattern(text))),
    );
  });

  it('throws nothing but InputError on pattern-shaped strings', () => {
    fc.assert(
      fc.property(patternLike, (text) => onlyInputErrors(() => parseFilterPattern(text))),
      { numRuns: 2000 },
    );
  });

  it('evaluates valid patterns on arbitrary JSON without throwing, returning a boolean', () => {
    fc.assert(
      fc.property(validPattern, fc.jsonValue(), (text, event) => {
        expect(typeof evaluateFilterPattern(parseFilterPattern(text), event)).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });

  it('evaluates whatever parses on arbitrary JSON without throwing', () => {
    fc.assert(
      fc.property(patternLike, fc.jsonValue(), (text, event) => {
        let pattern: ReturnType<typeof parseFilterPattern>;
        try {
          pattern = parseFilterPattern(text);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          return;
        }
        expect(typeof evaluateFilterPattern(pattern, event)).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });
});
