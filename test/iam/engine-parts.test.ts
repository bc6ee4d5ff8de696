import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionCatalogFrom } from '../../src/iam/catalog/action-catalog.js';
import { BroadAccessIndex, broaderThan } from '../../src/iam/engine/broad-access.js';
import { covering, identityCovering } from '../../src/iam/engine/covering.js';
import { LazyList } from '../../src/iam/engine/lazy-list.js';
import { PermissionAnalyzer } from '../../src/iam/engine/permissions.js';
import type { SourcedStatement } from '../../src/iam/engine/policy-set.js';
import { principalPermissions } from '../../src/iam/engine/principals.js';
import type { PolicyStatement } from '../../src/iam/model.js';
import { ACCOUNT, allow, CATALOG, ctx, doc, inventory, managed, role, user } from './builders.js';

/**
 * The shortcuts that keep a 10,000-principal review fast (issue #16) give the answers of the
 * plain computation they replace: statements filtered per shared list, broad access as bits,
 * reachable roles listed only as far as they are read.
 */

const PATTERNS = [
  'iam:PassRole',
  'iam:Put*',
  'IAM:createaccesskey',
  'sts:AssumeRole',
  's3:*',
  '*',
  'ec2:RunInstances',
];
const statementArb: fc.Arbitrary<PolicyStatement> = fc
  .record({
    Effect: fc.constantFrom('Allow' as const, 'Deny' as const),
    patterns: fc.subarray(PATTERNS, { minLength: 1 }),
    negated: fc.boolean(),
    Resource: fc.constantFrom(['*'], ['arn:aws:iam::1:role/x'], ['arn:aws:iam::1:role/*']),
  })
  .map(({ Effect, patterns, negated, Resource }) =>
    negated ? { Effect, NotAction: patterns, Resource } : { Effect, Action: patterns, Resource },
  );

describe('statements covering an action', () => {
  const analyzer = new PermissionAnalyzer(CATALOG);
  const sourcedList = (statements: PolicyStatement[], source: string): SourcedStatement[] =>
    statements.map((statement, index) => ({
      statement,
      ref: { source, index },
      actions: analyzer.actionsOf(statement),
    }));

  it('are the same, in order, searched whole or by the lists a principal’s statements came from', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(statementArb, { maxLength: 5 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(
          'iam:PassRole',
          'iam:PutUserPolicy',
          'iam:CreateAccessKey',
          'sts:AssumeRole',
          's3:GetObject',
        ),
        (lists, action) => {
          const parts = lists.map((list, i) => sourcedList(list, `part${i}`));
          const identity = parts.flat();
          const whole = covering(identity, action);
          const byParts = identityCovering(
            { identity: [...identity], identityParts: parts, scps: [] },
            action,
          );
          expect(byParts.allow.map((s) => s.ref)).toEqual(whole.allow.map((s) => s.ref));
          expect(byParts.deny.map((s) => s.ref)).toEqual(whole.deny.map((s) => s.ref));
          // And the same as asking each statement.
          const byEffect = (effect: string) =>
            identity
              .filter((s) => s.statement.Effect === effect)
              .filter((s) => {
                const names = CATALOG.expand(action).map((a) => a.toLowerCase());
                const matches = (patterns: readonly string[]) =>
                  patterns.some((p) => CATALOG.expand(p).some((a) => names.includes(a.toLowerCase())));
                return s.statement.Action
                  ? matches(s.statement.Action)
                  : !matches(s.statement.NotAction ?? []);
              })
              .map((s) => s.ref);
          expect(whole.allow.map((s) => s.ref)).toEqual(byEffect('Allow'));
          expect(whole.deny.map((s) => s.ref)).toEqual(byEffect('Deny'));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('broad access as bits', () => {
  const actions = [
    's3:GetObject',
    's3:PutObject',
    'ec2:RunInstances',
    'ec2:DescribeInstances',
    'iam:PassRole',
  ];
  const catalog = actionCatalogFrom(actions, 'test');
  const patterns = ['s3:*', 's3:Get*', 'ec2:Describe*', 'EC2:runinstances', 'iam:PassRole', '*:*Object'];
  const setOf = (statements: PolicyStatement[]): Set<string> | 'all' => {
    const set = new Set<string>();
    for (const s of statements) {
      if (s.Effect !== 'Allow' || !s.Resource?.includes('*')) continue;
      if (!s.Action) return 'all';
      for (const p of s.Action) for (const a of catalog.expand(p)) set.add(a.toLowerCase());
    }
    return set;
  };
  const broaderBySets = (a: Set<string> | 'all', b: Set<string> | 'all') =>
    b !== 'all' && (a === 'all' || [...a].some((x) => !b.has(x)));
  const accessArb = fc.array(
    fc.record({
      Effect: fc.constantFrom('Allow' as const, 'Deny' as const),
      Action: fc.subarray(patterns, { minLength: 1 }),
      Resource: fc.constantFrom(['*'], ['arn:aws:s3:::b']),
    }),
    { maxLength: 4 },
  );

  it('compare two principals as their sets of actions do', () => {
    fc.assert(
      fc.property(accessArb, accessArb, (a, b) => {
        // One index for both, as in a review; b is asked first now and then, so ids are handed out in either order.
        const index = new BroadAccessIndex(catalog);
        const sourced = (list: PolicyStatement[]) =>
          list.map((statement, i) => ({ statement, ref: { source: 'p', index: i } }));
        const bitsB = index.of(sourced(b));
        const bitsA = index.of(sourced(a));
        expect(broaderThan(bitsA, bitsB)).toBe(broaderBySets(setOf(a), setOf(b)));
        expect(broaderThan(bitsB, bitsA)).toBe(broaderBySets(setOf(b), setOf(a)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('a list read lazily', () => {
  it('takes from its source only what is read, and replays it for the next reader', () => {
    let pulled = 0;
    function* numbers() {
      for (let i = 0; i < 5; i++) {
        pulled++;
        yield i;
      }
    }
    const list = new LazyList(numbers());
    for (const n of list) if (n === 1) break;
    expect(pulled).toBe(2);
    expect([...list]).toEqual([0, 1, 2, 3, 4]);
    expect([...list]).toEqual([0, 1, 2, 3, 4]);
    expect(pulled).toBe(5);
  });
});

describe('roles reached through the account', () => {
  const trustAccount = doc({
    Effect: 'Allow',
    Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`] },
    Action: ['sts:AssumeRole'],
  });
  const boundary = managed('Fence', doc(allow(['s3:*'])));
  const admin = { name: 'all', document: doc(allow(['*'])) };
  const assumer = user('assumer', {
    inlinePolicies: [
      { name: 'p', document: doc(allow(['sts:AssumeRole', 'iam:DeleteRolePermissionsBoundary'])) },
    ],
  });
  const method = (roles: ReturnType<typeof role>[]) =>
    principalPermissions(ctx(inventory({ users: [assumer], roles, policies: [boundary] })))
      .get(assumer.arn)
      ?.permissions.escalations.find((e) => e.method === 'AssumeRole+DeleteRolePermissionsBoundary');

  it('finds the one with a boundary behind many without, and none when no role has one', () => {
    const plain = Array.from({ length: 50 }, (_, i) => role(`plain-${i}`, { trustPolicy: trustAccount }));
    const fenced = role('fenced', {
      trustPolicy: trustAccount,
      permissionsBoundary: boundary.arn,
      inlinePolicies: [admin],
    });
    expect(method([...plain, fenced])?.grants.map((g) => g.on)).toEqual(['role fenced', 'role fenced']);
    expect(method(plain)).toBeUndefined();
  });
});
