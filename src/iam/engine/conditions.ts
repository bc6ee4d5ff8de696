import type { PolicyStatement } from '../model.js';
import { type RequestContextValues, resolveVariables, wildcardMatches } from './policy-variables.js';

/**
 * Whether a statement's Condition block holds for the request an escalation needs, from what the
 * inventory tells: `true`, `false`, or `'unknown'` with the keys that could not be decided.
 *
 * Keys fall into four kinds:
 * - known facts about the principal, the target and the method (`aws:username`, `aws:PrincipalArn`,
 *   `iam:PassedToService`, `iam:ResourceTag/*`...), compared as AWS would; a key the context says
 *   is absent (`aws:username` for a role) is absent, so `...IfExists` holds and the rest fail;
 * - the caller's choice (region, source IP, TLS, time, MFA-authenticated session, request tags):
 *   the principal can always pick a request that satisfies an Allow and avoids a Deny, so these
 *   never limit an escalation;
 * - `iam:PolicyARN`, chosen by the caller from the values the condition lets through: it limits
 *   only when every value it lets through is a policy that is not privileged;
 * - anything else: `'unknown'`, so the method is reported as "possible" with the key named.
 */

export type ConditionOutcome =
  | { readonly holds: true }
  | { readonly holds: false }
  | { readonly holds: 'unknown'; readonly keys: readonly string[] };

export interface ConditionContext extends RequestContextValues {
  /** Whether attaching the policy with this ARN would add privilege (for `iam:PolicyARN`). */
  readonly privilegedPolicy: (arn: string) => boolean;
}

const CALLER_CHOICE = new Set([
  'aws:requestedregion',
  'aws:sourceip',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:vpcsourceip',
  'aws:securetransport',
  'aws:currenttime',
  'aws:epochtime',
  'aws:useragent',
  'aws:referer',
  'aws:multifactorauthpresent',
  'aws:multifactorauthage',
  'aws:tokenissuetime',
  'aws:viaawsservice',
  'aws:calledvia',
  'aws:calledviafirst',
  'aws:calledvialast',
  'aws:tagkeys',
]);
const CALLER_CHOICE_PREFIXES = ['aws:requesttag/'];

function isCallerChoice(key: string): boolean {
  return CALLER_CHOICE.has(key) || CALLER_CHOICE_PREFIXES.some((p) => key.startsWith(p));
}

interface Operator {
  readonly base: string;
  readonly ifExists: boolean;
  readonly negated: boolean;
}

function parseOperator(raw: string): Operator {
  const withoutSet = raw.replace(/^(ForAnyValue|ForAllValues):/i, '');
  const ifExists = /IfExists$/i.test(withoutSet);
  const base = withoutSet.replace(/IfExists$/i, '');
  return { base, ifExists, negated: /Not/i.test(base) && !/^Null$/i.test(base) };
}

/** Positive form of a string/ARN comparison: does `value` match one of `patterns`? */
function matchesAny(
  base: string,
  value: string,
  patterns: readonly string[],
  ctx: ConditionContext,
): boolean {
  const like = /Like$/i.test(base) || /^Arn/i.test(base);
  const ignoreCase = /IgnoreCase$/i.test(base);
  return patterns.some((raw) => {
    const pattern = resolveVariables(raw, ctx);
    if (pattern === undefined || pattern === null) return false;
    if (/^Bool$/i.test(base)) return pattern.toLowerCase() === value.toLowerCase();
    if (like) return wildcardMatches(pattern, value, false);
    return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  });
}

/** One key under one operator, for the effect it sits in. */
function evaluateKey(
  effect: PolicyStatement['Effect'],
  operatorName: string,
  rawKey: string,
  values: readonly string[],
  ctx: ConditionContext,
): boolean | 'unknown' {
  const key = rawKey.toLowerCase();
  const op = parseOperator(operatorName);
  if (/^Null$/i.test(op.base)) {
    const wantsAbsent = values.some((v) => v.toLowerCase() === 'true');
    if (isCallerChoice(key)) return effect === 'Allow';
    const value = ctx.value(key);
    if (value === undefined) return 'unknown';
    return (value === null) === wantsAbsent;
  }
  if (isCallerChoice(key)) return effect === 'Allow';
  if (key === 'iam:policyarn') return policyArnChoice(effect, op, values, ctx);
  const value = ctx.value(key);
  // AWS: a missing key satisfies `...IfExists` and the negated operators, and fails the rest.
  if (value === null) return op.ifExists || op.negated;
  if (value === undefined) return 'unknown';
  if (!/^(String|Arn|Bool)/i.test(op.base)) return 'unknown';
  const positive = matchesAny(op.base.replace(/Not/i, ''), value, values, ctx);
  return op.negated ? !positive : positive;
}

/**
 * `iam:PolicyARN`: the caller picks the policy to attach. For an Allow, the condition holds for a
 * privileged pick unless it lists only exact, non-privileged policies; for a Deny, the caller
 * avoids it unless it is a "Not" list that leaves only non-privileged policies.
 */
function policyArnChoice(
  effect: PolicyStatement['Effect'],
  op: Operator,
  values: readonly string[],
  ctx: ConditionContext,
): boolean {
  const onlyHarmless = values.every((v) => !v.includes('*') && !v.includes('?') && !ctx.privilegedPolicy(v));
  if (effect === 'Allow') return op.negated ? true : !onlyHarmless;
  return op.negated ? onlyHarmless : false;
}

const HOLDS: ConditionOutcome = { holds: true };
const FAILS: ConditionOutcome = { holds: false };

export function evaluateCondition(statement: PolicyStatement, ctx: ConditionContext): ConditionOutcome {
  const condition = statement.Condition;
  if (!condition) return HOLDS;
  const unknown: string[] = [];
  for (const [operator, byKey] of Object.entries(condition))
    for (const [key, values] of Object.entries(byKey)) {
      const result = evaluateKey(statement.Effect, operator, key, values, ctx);
      if (result === false) return FAILS;
      if (result === 'unknown') unknown.push(key);
    }
  return unknown.length ? { holds: 'unknown', keys: unknown } : HOLDS;
}
