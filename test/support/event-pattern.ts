/**
 * A small evaluator of Amazon EventBridge event patterns, for testing the rules in
 * deploy/aws/*.yaml against real-format events. No maintained JavaScript implementation of
 * EventBridge matching exists on npm (AWS's own is the Java `event-ruler`), so this covers the
 * operators the templates use and refuses any other by name, so a template cannot quietly use an
 * operator this file would mis-evaluate.
 *
 * Semantics, from the EventBridge user guide ("Event patterns", "Content filtering"):
 * - every field named in the pattern must match (AND); values in one array are alternatives (OR);
 * - a leaf matches when the event's value, or any element of an array value, matches one entry;
 * - an object in the pattern descends into the event; an array of objects in the event matches
 *   when any element does;
 * - `$or` holds alternative sub-patterns;
 * - a field missing from the event (or under a missing parent) matches only `{"exists": false}`.
 */

export class EventPatternError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path || '(pattern)'}: ${message}`);
    this.name = 'EventPatternError';
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Matcher = Json;

const KNOWN_OPERATORS = [
  'prefix',
  'suffix',
  'wildcard',
  'equals-ignore-case',
  'anything-but',
  'exists',
  'numeric',
] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Does `event` match `pattern`? Throws EventPatternError for a pattern this evaluator cannot read. */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  if (!isObject(pattern)) throw new EventPatternError('', 'a pattern must be a JSON object');
  return matchObject(pattern, event, '');
}

function matchObject(pattern: Record<string, unknown>, event: unknown, path: string): boolean {
  for (const [key, expected] of Object.entries(pattern)) {
    const here = path ? `${path}.${key}` : key;
    if (key === '$or') {
      if (!Array.isArray(expected) || expected.length < 2)
        throw new EventPatternError(here, '$or needs an array of at least two patterns');
      const alternatives = expected.map((alternative, index) => {
        if (!isObject(alternative)) throw new EventPatternError(`${here}[${index}]`, 'expected an object');
        return alternative;
      });
      if (!alternatives.some((alternative) => matchObject(alternative, event, path))) return false;
      continue;
    }
    const present = isObject(event) && Object.hasOwn(event, key);
    const actual = present ? (event as Record<string, unknown>)[key] : undefined;
    if (isObject(expected)) {
      // EventBridge matches on flattened paths: under a missing parent every field is missing
      // (so only `exists: false` can match there), and an array holds alternatives.
      const candidates = present ? (Array.isArray(actual) ? actual : [actual]) : [undefined];
      if (!candidates.some((candidate) => matchObject(expected, candidate, here))) return false;
      continue;
    }
    if (!Array.isArray(expected) || expected.length === 0)
      throw new EventPatternError(here, 'a leaf must be a non-empty array of values or operators');
    if (!matchLeaf(expected as Matcher[], present, actual, here)) return false;
  }
  return true;
}

function matchLeaf(matchers: readonly Matcher[], present: boolean, actual: unknown, path: string): boolean {
  const values: unknown[] = Array.isArray(actual) ? actual : [actual];
  return matchers.some((matcher, index) => {
    const where = `${path}[${index}]`;
    if (isObject(matcher)) {
      const [operator, ...others] = Object.keys(matcher);
      if (operator === undefined || others.length > 0)
        throw new EventPatternError(where, 'an operator object has exactly one key');
      if (operator === 'exists') {
        if (typeof matcher.exists !== 'boolean')
          throw new EventPatternError(where, 'exists takes true or false');
        return matcher.exists === present;
      }
      if (!present) return false;
      return values.some((value) => matchOperator(operator, matcher[operator] as Json, value, where));
    }
    if (!present) return false;
    if (Array.isArray(matcher)) throw new EventPatternError(where, 'nested arrays are not patterns');
    return values.some((value) => value === matcher);
  });
}

function matchOperator(operator: string, argument: Json, value: unknown, where: string): boolean {
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && value.startsWith(stringArgument(operator, argument, where));
    case 'suffix':
      return typeof value === 'string' && value.endsWith(stringArgument(operator, argument, where));
    case 'equals-ignore-case':
      return (
        typeof value === 'string' &&
        value.toLowerCase() === stringArgument(operator, argument, where).toLowerCase()
      );
    case 'wildcard':
      return (
        typeof value === 'string' && wildcardRegExp(stringArgument(operator, argument, where)).test(value)
      );
    case 'anything-but':
      return anythingBut(argument, value, where);
    case 'numeric':
      return numeric(argument, value, where);
    default:
      throw new EventPatternError(
        where,
        `operator "${operator}" is not evaluated by test/support/event-pattern.ts (known: ${KNOWN_OPERATORS.join(', ')})`,
      );
  }
}

function stringArgument(operator: string, argument: Json, where: string): string {
  if (typeof argument !== 'string') throw new EventPatternError(where, `${operator} takes a string`);
  return argument;
}

/** `*` matches any run of characters; `\*` is a literal star (EventBridge's only escape). */
function wildcardRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '\\' && pattern[i + 1] === '*') {
      source += '\\*';
      i++;
    } else if (char === '*') source += '.*';
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

function anythingBut(argument: Json, value: unknown, where: string): boolean {
  if (isObject(argument)) {
    const [operator, ...others] = Object.keys(argument);
    if (operator === undefined || others.length > 0)
      throw new EventPatternError(where, 'anything-but takes one operator object');
    if (operator !== 'prefix' && operator !== 'suffix')
      throw new EventPatternError(where, `anything-but with "${operator}" is not evaluated here`);
    return typeof value === 'string' && !matchOperator(operator, argument[operator] as Json, value, where);
  }
  const excluded = Array.isArray(argument) ? argument : [argument];
  for (const item of excluded)
    if (typeof item !== 'string' && typeof item !== 'number')
      throw new EventPatternError(where, 'anything-but takes strings or numbers');
  return (typeof value === 'string' || typeof value === 'number') && !excluded.includes(value);
}

const COMPARISONS: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '=': (a, b) => a === b,
  '>=': (a, b) => a >= b,
  '>': (a, b) => a > b,
};

function numeric(argument: Json, value: unknown, where: string): boolean {
  if (!Array.isArray(argument) || argument.length === 0 || argument.length % 2 !== 0)
    throw new EventPatternError(where, 'numeric takes pairs of comparison and number');
  if (typeof value !== 'number') return false;
  for (let i = 0; i < argument.length; i += 2) {
    const compare = COMPARISONS[String(argument[i])];
    const bound = argument[i + 1];
    if (!compare || typeof bound !== 'number')
      throw new EventPatternError(where, `numeric: "${String(argument[i])}" is not a comparison`);
    if (!compare(value, bound)) return false;
  }
  return true;
}

/** The rule states of AWS::Events::Rule (and PutRule) that decide which CloudTrail events reach it. */
export type RuleState = 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

/**
 * Whether EventBridge hands `event` to a rule in `state` at all, before its pattern is tried.
 * From "Receiving read-only management events from AWS services" (EventBridge user guide): a rule
 * that is only ENABLED does not receive read-only management events delivered by CloudTrail;
 * read-only events whose names do not start with Describe, Get or List are delivered anyway.
 */
export function deliveredToRule(event: unknown, state: RuleState): boolean {
  if (state === 'DISABLED') return false;
  if (state === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS') return true;
  if (!isObject(event) || event['detail-type'] !== 'AWS API Call via CloudTrail') return true;
  const detail = event.detail;
  if (!isObject(detail) || detail.readOnly !== true) return true;
  return !/^(Describe|Get|List)/.test(String(detail.eventName ?? ''));
}
