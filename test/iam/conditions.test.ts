import { describe, expect, it } from 'vitest';
import { type ConditionContext, evaluateCondition } from '../../src/iam/engine/conditions.js';
import { resolveVariables, wildcardMatches } from '../../src/iam/engine/policy-variables.js';
import type { PolicyStatement } from '../../src/iam/model.js';

/** Condition and policy-variable semantics the escalation analysis relies on. */

const values: Record<string, string | null> = {
  'aws:username': 'alice',
  'aws:principaltag/team': 'payments',
  'iam:passedtoservice': 'ec2.amazonaws.com',
  'iam:resourcetag/env': null,
};
const ctx: ConditionContext = {
  value: (key) => values[key],
  privilegedPolicy: (arn) => arn.endsWith('/AdministratorAccess'),
};
const holds = (effect: 'Allow' | 'Deny', Condition: PolicyStatement['Condition']) =>
  evaluateCondition(
    { Effect: effect, Action: ['x:Y'], Resource: ['*'], ...(Condition ? { Condition } : {}) },
    ctx,
  ).holds;

describe('policy conditions', () => {
  it('compares known keys as AWS does, case-sensitively, with Like wildcards and policy variables', () => {
    expect(holds('Allow', { StringEquals: { 'aws:username': ['alice'] } })).toBe(true);
    expect(holds('Allow', { StringEquals: { 'aws:username': ['Alice'] } })).toBe(false);
    expect(holds('Allow', { StringEqualsIgnoreCase: { 'aws:username': ['Alice'] } })).toBe(true);
    expect(holds('Allow', { StringLike: { 'iam:PassedToService': ['ec2.*'] } })).toBe(true);
    expect(holds('Allow', { StringNotEquals: { 'iam:PassedToService': ['ec2.amazonaws.com'] } })).toBe(false);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
    expect(holds('Allow', { StringEquals: { 'aws:PrincipalTag/team': ['${aws:PrincipalTag/team}'] } })).toBe(
      true,
    );
  });

  it('treats a missing key as AWS does: IfExists and negated operators hold, the rest fail; Null tests it', () => {
    expect(holds('Allow', { StringEquals: { 'iam:ResourceTag/env': ['prod'] } })).toBe(false);
    expect(holds('Allow', { StringEqualsIfExists: { 'iam:ResourceTag/env': ['prod'] } })).toBe(true);
    expect(holds('Allow', { StringNotEquals: { 'iam:ResourceTag/env': ['prod'] } })).toBe(true);
    expect(holds('Allow', { Null: { 'iam:ResourceTag/env': ['true'] } })).toBe(true);
    expect(holds('Allow', { Null: { 'aws:username': ['true'] } })).toBe(false);
  });

  it('lets the caller satisfy an Allow and avoid a Deny on keys it chooses (region, MFA, source IP)', () => {
    expect(holds('Allow', { Bool: { 'aws:MultiFactorAuthPresent': ['true'] } })).toBe(true);
    expect(holds('Deny', { BoolIfExists: { 'aws:MultiFactorAuthPresent': ['false'] } })).toBe(false);
    expect(holds('Deny', { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } })).toBe(false);
    expect(holds('Allow', { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } })).toBe(true);
  });

  it('limits Attach*Policy by iam:PolicyARN only when every policy it lets through is harmless', () => {
    const harmless = 'arn:aws:iam::1:policy/ReadReports';
    const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
    expect(holds('Allow', { ArnEquals: { 'iam:PolicyARN': [harmless] } })).toBe(false);
    expect(holds('Allow', { ArnEquals: { 'iam:PolicyARN': [harmless, admin] } })).toBe(true);
    expect(holds('Allow', { ArnLike: { 'iam:PolicyARN': ['arn:aws:iam::1:policy/*'] } })).toBe(true);
    expect(holds('Deny', { ArnNotEquals: { 'iam:PolicyARN': [harmless] } })).toBe(true);
    expect(holds('Deny', { ArnEquals: { 'iam:PolicyARN': [admin] } })).toBe(false);
  });

  it('names the keys it cannot evaluate instead of guessing', () => {
    expect(
      evaluateCondition(
        {
          Effect: 'Allow',
          Action: ['x:Y'],
          Condition: { StringEquals: { 'aws:SourceOrgID': ['o-1'], 'aws:username': ['alice'] } },
        },
        ctx,
      ),
    ).toEqual({ holds: 'unknown', keys: ['aws:SourceOrgID'] });
  });
});

describe('policy variables and ARN patterns', () => {
  it('resolves variables per principal; an absent one matches nothing, an unknown one is undecided', () => {
    // Template literals with an escaped \${ so the policy variables stay literal text.
    const own = `user/\${aws:username}`;
    const missing = `x/\${iam:ResourceTag/env}`;
    const unknown = `x/\${aws:userid}`;
    const literal = `a\${*}b`;
    expect(resolveVariables(own, ctx)).toBe('user/alice');
    expect(resolveVariables(missing, ctx)).toBeNull();
    expect(resolveVariables(unknown, ctx)).toBeUndefined();
    expect(wildcardMatches(resolveVariables(literal, ctx) as string, 'a*b', false)).toBe(true);
    expect(wildcardMatches(resolveVariables(literal, ctx) as string, 'axb', false)).toBe(false);
  });

  it('matches ARNs with * and ?, actions without case', () => {
    expect(wildcardMatches('arn:aws:iam::*:role/admin-?', 'arn:aws:iam::1:role/admin-1', false)).toBe(true);
    expect(wildcardMatches('arn:aws:iam::*:role/Admin*', 'arn:aws:iam::1:role/admin', false)).toBe(false);
    expect(wildcardMatches('IAM:pass*', 'iam:PassRole', true)).toBe(true);
    expect(wildcardMatches('s3:*', 'iam:PassRole', true)).toBe(false);
  });
});
