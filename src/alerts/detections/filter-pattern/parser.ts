import type { ComparisonOperator, Expression, FilterPattern, Selector, StringMatch, Value } from './ast.js';
import { FilterPatternSyntaxError } from './syntax-error.js';
import { type Token, tokenize } from './tokenizer.js';

/**
 * Parses a CloudWatch Logs JSON filter pattern into an AST. Grammar (precedence as CloudWatch
 * documents it: parentheses, then `&&`, then `||`):
 *
 *   pattern := '{' or '}'
 *   or      := and ('||' and)*
 *   and     := primary ('&&' primary)*
 *   primary := '(' or ')' | selector (operator value | NOT EXISTS | IS NULL | IS TRUE | IS FALSE)
 *
 * Any problem throws FilterPatternSyntaxError (an InputError) naming the column and what was
 * expected there; nothing else is thrown.
 */

/** PutMetricFilter rejects longer patterns. */
export const MAX_FILTER_PATTERN_LENGTH = 1024;
/** Deep enough for any real pattern; stops hostile input from exhausting the stack. */
const MAX_NESTING = 64;

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const RELATIONAL = new Set<ComparisonOperator>(['<', '<=', '>', '>=']);

export function parseFilterPattern(source: string): FilterPattern {
  if (source.length > MAX_FILTER_PATTERN_LENGTH) {
    throw new FilterPatternSyntaxError({
      position: MAX_FILTER_PATTERN_LENGTH,
      expected: `at most ${MAX_FILTER_PATTERN_LENGTH} characters (the PutMetricFilter limit)`,
      found: `${source.length} characters`,
    });
  }
  const parser = new Parser(source, tokenize(source));
  return { source, expression: parser.pattern() };
}

class Parser {
  private index = 0;
  private depth = 0;
  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  pattern(): Expression {
    const open = this.peek();
    if (open.type !== 'lbrace') {
      this.fail(
        open,
        "'{' (Watchkeeper evaluates JSON filter patterns only, like { $.eventName = ConsoleLogin })",
      );
    }
    this.index++;
    const expression = this.or();
    this.expect('rbrace', "'&&', '||' or '}'");
    this.expect('eof', 'the end of the pattern after the closing }');
    return expression;
  }

  private or(): Expression {
    const operands = [this.and()];
    while (this.peek().type === 'or') {
      this.index++;
      operands.push(this.and());
    }
    return operands.length === 1 ? (operands[0] as Expression) : { kind: 'or', operands };
  }

  private and(): Expression {
    const operands = [this.primary()];
    while (this.peek().type === 'and') {
      this.index++;
      operands.push(this.primary());
    }
    return operands.length === 1 ? (operands[0] as Expression) : { kind: 'and', operands };
  }

  private primary(): Expression {
    const token = this.next();
    if (token.type === 'lparen') {
      if (++this.depth > MAX_NESTING) this.fail(token, `at most ${MAX_NESTING} nested parentheses`);
      const inner = this.or();
      this.expect('rparen', "'&&', '||' or ')'");
      this.depth--;
      return inner;
    }
    if (token.type !== 'selector') return this.fail(token, "a selector like $.eventName or '('");
    const selector: Selector = { text: token.text, path: token.path };
    const after = this.next();
    if (after.type === 'operator') {
      return { kind: 'comparison', selector, operator: after.operator, value: this.value(after.operator) };
    }
    if (after.type === 'word' && after.text === 'NOT') {
      this.keyword(['EXISTS'], "EXISTS after 'NOT'");
      return { kind: 'condition', selector, condition: 'NOT EXISTS' };
    }
    if (after.type === 'word' && after.text === 'IS') {
      const word = this.keyword(['NULL', 'TRUE', 'FALSE'], "NULL, TRUE or FALSE after 'IS'");
      return { kind: 'condition', selector, condition: `IS ${word}` as 'IS NULL' | 'IS TRUE' | 'IS FALSE' };
    }
    return this.fail(
      after,
      `an operator (=, !=, <, <=, >, >=), NOT EXISTS or IS NULL/TRUE/FALSE after ${token.text}`,
    );
  }

  private value(operator: ComparisonOperator): Value {
    const token = this.next();
    if (token.type === 'string') return { kind: 'string', quoted: true, match: stringMatch(token.text) };
    if (token.type !== 'word') return this.fail(token, `a value after '${operator}'`);
    if (NUMBER.test(token.text)) {
      const value = Number(token.text);
      if (!Number.isFinite(value)) this.fail(token, 'a number CloudWatch can represent');
      return { kind: 'number', raw: token.text, value };
    }
    if (RELATIONAL.has(operator)) return this.fail(token, `a number after '${operator}'`);
    if (token.text.length > 1 && token.text.startsWith('%') && token.text.endsWith('%')) {
      return this.fail(token, 'a plain or quoted value (regular expressions %...% are not supported here)');
    }
    return { kind: 'string', quoted: false, match: stringMatch(token.text) };
  }

  private keyword<const W extends string>(words: readonly W[], expected: string): W {
    const token = this.next();
    if (token.type === 'word' && (words as readonly string[]).includes(token.text)) return token.text as W;
    return this.fail(token, expected);
  }

  private expect(type: Token['type'], expected: string): void {
    const token = this.next();
    if (token.type !== type) this.fail(token, expected);
  }

  private peek(): Token {
    return this.tokens[this.index] ?? (this.tokens[this.tokens.length - 1] as Token);
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'eof') this.index++;
    return token;
  }

  private fail(token: Token, expected: string): never {
    throw new FilterPatternSyntaxError({
      position: token.position,
      expected,
      found: describeToken(this.source, token),
    });
  }
}

function describeToken(source: string, token: Token): string {
  switch (token.type) {
    case 'eof':
      return 'the end of the pattern';
    case 'selector':
    case 'word':
      return `'${token.text}'`;
    case 'string':
      return `the string ${JSON.stringify(token.text)}`;
    case 'operator':
      return `'${token.operator}'`;
    default:
      return `'${source[token.position] ?? ''}${token.type === 'and' ? '&' : token.type === 'or' ? '|' : ''}'`;
  }
}

/** CloudWatch's wildcard rule: `*` counts only at the start and/or the end of a value. */
export function stringMatch(text: string): StringMatch {
  if (/^\*+$/.test(text)) return { kind: 'any' };
  const leading = text.startsWith('*');
  const trailing = text.endsWith('*');
  if (leading && trailing) return { kind: 'contains', text: text.slice(1, -1) };
  if (leading) return { kind: 'suffix', text: text.slice(1) };
  if (trailing) return { kind: 'prefix', text: text.slice(0, -1) };
  return { kind: 'exact', text };
}
