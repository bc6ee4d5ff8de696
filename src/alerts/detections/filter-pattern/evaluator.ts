import type { Condition, Expression, FilterPattern, PathSegment, StringMatch, Value } from './ast.js';

/**
 * Evaluates a parsed filter pattern against one JSON log event (a CloudTrail record) the way
 * CloudWatch Logs documents it:
 * - a comparison needs the selector to reach a value node (string, number or boolean); a
 *   missing property, null, an object or an array fails both `=` and `!=` (so
 *   `$.a != "x"` does not match an event without `a`);
 * - numbers compare numerically (`123 = 123.0`); a wildcard or quoted value compares as text;
 * - `NOT EXISTS` is true only when the property is absent; `IS NULL` only when it is null.
 * Never throws: odd input simply does not match.
 */
export function evaluateFilterPattern(pattern: FilterPattern, event: unknown): boolean {
  try {
    return evaluate(pattern.expression, event);
  } catch {
    // Only reachable with exotic objects (throwing getters, proxies); JSON input never gets here.
    return false;
  }
}

const MISSING = Symbol('missing');
type Resolved = unknown | typeof MISSING;

const NUMERIC_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function evaluate(expression: Expression, event: unknown): boolean {
  switch (expression.kind) {
    case 'or':
      return expression.operands.some((operand) => evaluate(operand, event));
    case 'and':
      return expression.operands.every((operand) => evaluate(operand, event));
    case 'condition':
      return checkCondition(expression.condition, resolve(event, expression.selector.path));
    case 'comparison':
      return compare(resolve(event, expression.selector.path), expression.operator, expression.value);
  }
}

/** Own properties only, so `$.constructor` or `$.__proto__` never reach Object.prototype. */
function resolve(event: unknown, path: readonly PathSegment[]): Resolved {
  let node: unknown = event;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(node) || segment >= node.length) return MISSING;
      node = node[segment];
    } else {
      if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.hasOwn(node, segment)) {
        return MISSING;
      }
      node = (node as Record<string, unknown>)[segment];
    }
  }
  return node;
}

function checkCondition(condition: Condition, node: Resolved): boolean {
  switch (condition) {
    case 'NOT EXISTS':
      return node === MISSING;
    case 'IS NULL':
      return node === null;
    case 'IS TRUE':
      return node === true;
    case 'IS FALSE':
      return node === false;
  }
}

function compare(node: Resolved, operator: string, value: Value): boolean {
  if (typeof node !== 'string' && typeof node !== 'number' && typeof node !== 'boolean') return false;
  if (value.kind === 'number') {
    const actual = numericValue(node);
    if (actual === undefined) return operator === '!=';
    switch (operator) {
      case '=':
        return actual === value.value;
      case '!=':
        return actual !== value.value;
      case '<':
        return actual < value.value;
      case '<=':
        return actual <= value.value;
      case '>':
        return actual > value.value;
      case '>=':
        return actual >= value.value;
      default:
        return false;
    }
  }
  const matched = matchesText(String(node), value.match);
  if (operator === '=') return matched;
  if (operator === '!=') return !matched;
  return false;
}

function numericValue(node: string | number | boolean): number | undefined {
  if (typeof node === 'number') return node;
  if (typeof node === 'string' && NUMERIC_TEXT.test(node)) return Number(node);
  return undefined;
}

function matchesText(text: string, match: StringMatch): boolean {
  switch (match.kind) {
    case 'any':
      return true;
    case 'exact':
      return text === match.text;
    case 'prefix':
      return text.startsWith(match.text);
    case 'suffix':
      return text.endsWith(match.text);
    case 'contains':
      return text.includes(match.text);
  }
}
