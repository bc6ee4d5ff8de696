import type { ComparisonOperator, PathSegment } from './ast.js';
import { FilterPatternSyntaxError } from './syntax-error.js';

/**
 * Splits a JSON filter pattern into tokens, each with its 0-based position. Selectors are
 * resolved into paths here because their grammar is lexical (`$.a.b[0]`, no spaces inside).
 */

export type Token =
  | {
      readonly type: 'lbrace' | 'rbrace' | 'lparen' | 'rparen' | 'and' | 'or' | 'eof';
      readonly position: number;
    }
  | { readonly type: 'operator'; readonly operator: ComparisonOperator; readonly position: number }
  | {
      readonly type: 'selector';
      readonly text: string;
      readonly path: readonly PathSegment[];
      readonly position: number;
    }
  /** A double-quoted string, unescaped. */
  | { readonly type: 'string'; readonly text: string; readonly position: number }
  /** An unquoted run: a value (`kms.amazonaws.com`, `4*`, `-12.5`) or a keyword (`NOT`, `IS`). */
  | { readonly type: 'word'; readonly text: string; readonly position: number };

/** Characters that end an unquoted word; everything else (dots, `*`, `:`, `/`, `@`) may appear in one. */
const WORD_BREAK = new Set(['(', ')', '{', '}', '"', '=', '!', '<', '>', '&', '|']);
const PROPERTY_CHAR = /[A-Za-z0-9_-]/;
const DIGIT = /[0-9]/;

export function describeFound(text: string, position: number): string {
  const char = text[position];
  return char === undefined ? 'the end of the pattern' : `'${char}'`;
}

function isSpace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r';
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (position: number, expected: string): never => {
    throw new FilterPatternSyntaxError({ position, expected, found: describeFound(text, position) });
  };
  while (i < text.length) {
    const char = text[i] as string;
    const start = i;
    if (isSpace(char)) {
      i++;
      continue;
    }
    const single = { '{': 'lbrace', '}': 'rbrace', '(': 'lparen', ')': 'rparen' } as const;
    if (char in single) {
      tokens.push({ type: single[char as keyof typeof single], position: start });
      i++;
      continue;
    }
    if (char === '&' || char === '|') {
      if (text[i + 1] !== char) fail(i + 1, `'${char}${char}'`);
      tokens.push({ type: char === '&' ? 'and' : 'or', position: start });
      i += 2;
      continue;
    }
    if (char === '=' || char === '<' || char === '>' || char === '!') {
      const withEquals = text[i + 1] === '=';
      if (char === '!' && !withEquals) fail(i + 1, "'=' after '!'");
      const operator = (withEquals && char !== '=' ? `${char}=` : char) as ComparisonOperator;
      tokens.push({ type: 'operator', operator, position: start });
      i += operator.length;
      continue;
    }
    if (char === '"') {
      const [value, end] = readQuoted(text, i, fail);
      tokens.push({ type: 'string', text: value, position: start });
      i = end;
      continue;
    }
    if (char === '$') {
      const [path, end] = readSelector(text, i, fail);
      tokens.push({ type: 'selector', text: text.slice(start, end), path, position: start });
      i = end;
      continue;
    }
    while (i < text.length && !isSpace(text[i] as string) && !WORD_BREAK.has(text[i] as string)) i++;
    tokens.push({ type: 'word', text: text.slice(start, i), position: start });
  }
  tokens.push({ type: 'eof', position: text.length });
  return tokens;
}

/** Reads `"..."` starting at the opening quote; `\"` and `\\` are the escapes. */
function readQuoted(
  text: string,
  open: number,
  fail: (position: number, expected: string) => never,
): [string, number] {
  let value = '';
  let i = open + 1;
  while (i < text.length) {
    const char = text[i] as string;
    if (char === '"') return [value, i + 1];
    if (char === '\\' && i + 1 < text.length) {
      value += text[i + 1];
      i += 2;
      continue;
    }
    value += char;
    i++;
  }
  return fail(text.length, `a closing '"' for the string opened at column ${open + 1}`);
}

/** Reads `$.name(.name|[n])*`; per CloudWatch, an index must follow a property. */
function readSelector(
  text: string,
  dollar: number,
  fail: (position: number, expected: string) => never,
): [PathSegment[], number] {
  const path: PathSegment[] = [];
  let i = dollar + 1;
  if (text[i] !== '.') fail(i, "'.' and a property name after '$'");
  for (;;) {
    if (text[i] === '.') {
      const nameStart = ++i;
      while (i < text.length && PROPERTY_CHAR.test(text[i] as string)) i++;
      if (i === nameStart) fail(i, "a property name (letters, digits, '_' or '-') after '.'");
      path.push(text.slice(nameStart, i));
    } else if (text[i] === '[') {
      const digitsStart = ++i;
      while (i < text.length && DIGIT.test(text[i] as string)) i++;
      if (i === digitsStart) fail(i, "an array index (digits) after '['");
      const index = Number(text.slice(digitsStart, i));
      if (!Number.isSafeInteger(index)) fail(digitsStart, 'an array index small enough to be an integer');
      if (text[i] !== ']') fail(i, "']' to close the array index");
      i++;
      path.push(index);
    } else {
      return [path, i];
    }
  }
}
