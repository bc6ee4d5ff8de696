/**
 * The parsed form of a CloudWatch Logs JSON filter pattern (`{ $.eventName = ConsoleLogin }`).
 * Only the JSON flavour is modelled: the CIS detections and user detections are all JSON
 * patterns, and CloudTrail delivers JSON records.
 */

/** One step into the record: a property name or an array index. */
export type PathSegment = string | number;

export interface Selector {
  /** As written, e.g. `$.userIdentity.type` or `$.users[0].id`. */
  readonly text: string;
  readonly path: readonly PathSegment[];
}

/**
 * How a string value matches. CloudWatch treats `*` as a wildcard only at the start and/or the
 * end of a value (`*Event`, `Event*`, `*Event*`); a `*` in the middle is a literal character.
 */
export type StringMatch =
  | { readonly kind: 'any' }
  | { readonly kind: 'exact'; readonly text: string }
  | { readonly kind: 'prefix'; readonly text: string }
  | { readonly kind: 'suffix'; readonly text: string }
  | { readonly kind: 'contains'; readonly text: string };

export type Value =
  | { readonly kind: 'string'; readonly quoted: boolean; readonly match: StringMatch }
  | { readonly kind: 'number'; readonly raw: string; readonly value: number };

export const COMPARISON_OPERATORS = ['=', '!=', '<', '<=', '>', '>='] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

export const CONDITIONS = ['NOT EXISTS', 'IS NULL', 'IS TRUE', 'IS FALSE'] as const;
export type Condition = (typeof CONDITIONS)[number];

export type Expression =
  | { readonly kind: 'or'; readonly operands: readonly Expression[] }
  | { readonly kind: 'and'; readonly operands: readonly Expression[] }
  | {
      readonly kind: 'comparison';
      readonly selector: Selector;
      readonly operator: ComparisonOperator;
      readonly value: Value;
    }
  | { readonly kind: 'condition'; readonly selector: Selector; readonly condition: Condition };

export interface FilterPattern {
  /** The pattern text exactly as given (what PutMetricFilter receives). */
  readonly source: string;
  readonly expression: Expression;
}
