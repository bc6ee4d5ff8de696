import { describe, expect, it } from 'vitest';
import { parseFilterPattern, stringMatch } from '../../../../src/alerts/detections/filter-pattern/parser.js';
import { FilterPatternSyntaxError } from '../../../../src/alerts/detections/filter-pattern/syntax-error.js';
import { InputError } from '../../../../src/platform/errors.js';

function syntaxError(pattern: string): FilterPatternSyntaxError {
  try {
    parseFilterPattern(pattern);
  } catch (error) {
    if (error instanceof FilterPatternSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${pattern} to be rejected`);
}

describe('parseFilterPattern', () => {
  it('builds comparisons with their selector path and operator', () => {
    const { expression } = parseFilterPattern('{ $.objectList[1].id >= 2 }');
    expect(expression).toEqual({
      kind: 'comparison',
      selector: { text: '$.objectList[1].id', path: ['objectList', 1, 'id'] },
      operator: '>=',
      value: { kind: 'number', raw: '2', value: 2 },
    });
  });

  it('keeps the source text untouched', () => {
    const source = '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS}';
    expect(parseFilterPattern(source).source).toBe(source);
  });

  it('groups && under || (&& binds tighter)', () => {
    const { expression } = parseFilterPattern('{ $.a = 1 || $.b = 2 && $.c = 3 }');
    expect(expression.kind).toBe('or');
    if (expression.kind !== 'or') return;
    expect(expression.operands.map((o) => o.kind)).toEqual(['comparison', 'and']);
  });

  it('reads every condition keyword', () => {
    for (const condition of ['NOT EXISTS', 'IS NULL', 'IS TRUE', 'IS FALSE']) {
      expect(parseFilterPattern(`{ $.x ${condition} }`).expression).toMatchObject({
        kind: 'condition',
        condition,
      });
    }
  });

  it('reads quoted strings with escaped quotes and unquoted dotted values', () => {
    expect(parseFilterPattern('{ $.m = "say \\"hi\\"" }').expression).toMatchObject({
      value: { kind: 'string', quoted: true, match: { kind: 'exact', text: 'say "hi"' } },
    });
    expect(parseFilterPattern('{ $.eventSource = kms.amazonaws.com }').expression).toMatchObject({
      value: { kind: 'string', quoted: false, match: { kind: 'exact', text: 'kms.amazonaws.com' } },
    });
  });

  it('classifies wildcards the way CloudWatch documents them', () => {
    expect(stringMatch('*')).toEqual({ kind: 'any' });
    expect(stringMatch('Event*')).toEqual({ kind: 'prefix', text: 'Event' });
    expect(stringMatch('*Event')).toEqual({ kind: 'suffix', text: 'Event' });
    expect(stringMatch('*Event*')).toEqual({ kind: 'contains', text: 'Event' });
    expect(stringMatch('Ev*ent')).toEqual({ kind: 'exact', text: 'Ev*ent' });
  });
});

describe('parse errors', () => {
  it('are InputErrors that name the column and what was expected', () => {
    const error = syntaxError('{ $.eventName = }');
    expect(error).toBeInstanceOf(InputError);
    expect(error.position).toBe(16);
    expect(error.column).toBe(17);
    expect(error.expected).toBe("a value after '='");
    expect(error.found).toBe("'}'");
    expect(error.message).toContain("column 17: expected a value after '=', found '}'");
  });

  it.each([
    ['$.a = 1', 0, "'{'"],
    ['{ $.a = 1', 9, "'&&', '||' or '}'"],
    ['{ $.a = 1 } trailing', 12, 'the end of the pattern'],
    ['{ }', 2, 'a selector'],
    ['{ ($.a = 1 }', 11, "'&&', '||' or ')'"],
    ['{ $.a = 1 & $.b = 2 }', 11, "'&&'"],
    ['{ $.a = 1 | $.b = 2 }', 11, "'||'"],
    ['{ $.a ! 1 }', 7, "'=' after '!'"],
    ['{ $.a 1 }', 6, 'an operator'],
    ['{ $.a NOT NULL }', 10, 'EXISTS'],
    ['{ $.a IS MISSING }', 9, 'NULL, TRUE or FALSE'],
    ['{ $.a = "open }', 15, "a closing '\"'"],
    ['{ $a = 1 }', 3, "'.' and a property name"],
    ['{ $. = 1 }', 4, 'a property name'],
    ['{ $.a[x] = 1 }', 6, 'an array index'],
    ['{ $.a[1 = 1 }', 7, "']'"],
    ['{ $.a > abc }', 8, "a number after '>'"],
    ['{ $.a = %regex% }', 8, 'regular expressions'],
    ['{ $.a = 1 && }', 13, 'a selector'],
  ])('rejects %j at position %i, expecting %s', (pattern, position, expected) => {
    const error = syntaxError(pattern);
    expect(error.position).toBe(position);
    expect(error.expected).toContain(expected);
  });

  it('rejects patterns longer than the PutMetricFilter limit', () => {
    const error = syntaxError(`{ $.a = "${'x'.repeat(1100)}" }`);
    expect(error.expected).toContain('1024');
  });

  it('rejects absurd nesting instead of overflowing the stack', () => {
    const error = syntaxError(`{ ${'('.repeat(200)}$.a = 1${')'.repeat(200)} }`);
    expect(error.expected).toContain('nested parentheses');
  });
});
